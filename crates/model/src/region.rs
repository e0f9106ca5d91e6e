//! Health monitor regions (`check_regions`, Cloudflare's region codes) and
//! `health_sources`.

use crate::string_enum::string_enum;

string_enum! {
    /// A region health checks run from. Each selected region probes from three
    /// data centres; a region is healthy when most of its probes pass.
    pub enum CheckRegion {
        Wnam = "WNAM" => "Western North America",
        Enam = "ENAM" => "Eastern North America",
        Weu = "WEU" => "Western Europe",
        Eeu = "EEU" => "Eastern Europe",
        Nsam = "NSAM" => "Northern South America",
        Ssam = "SSAM" => "Southern South America",
        Oc = "OC" => "Oceania",
        Me = "ME" => "Middle East",
        Naf = "NAF" => "Northern Africa",
        Saf = "SAF" => "Southern Africa",
        Sas = "SAS" => "Southern Asia",
        Seas = "SEAS" => "South East Asia",
        Neas = "NEAS" => "North East Asia",
        /// Enterprise only; the zone needs China Network provisioning.
        China = "CHINA" => "China",
        /// All 13 regions. Enterprise only.
        AllRegions = "ALL_REGIONS" => "All regions",
    }
}

impl CheckRegion {
    /// The 13 geographic regions, without `CHINA` and `ALL_REGIONS`.
    pub const GEOGRAPHIC: &'static [CheckRegion] = &[
        CheckRegion::Wnam,
        CheckRegion::Enam,
        CheckRegion::Weu,
        CheckRegion::Eeu,
        CheckRegion::Nsam,
        CheckRegion::Ssam,
        CheckRegion::Oc,
        CheckRegion::Me,
        CheckRegion::Naf,
        CheckRegion::Saf,
        CheckRegion::Sas,
        CheckRegion::Seas,
        CheckRegion::Neas,
    ];

    /// `CHINA` and `ALL_REGIONS` need an Enterprise plan.
    pub fn is_enterprise_only(&self) -> bool {
        matches!(self, CheckRegion::China | CheckRegion::AllRegions)
    }

    /// How many regions probe when this one is selected (13 for `ALL_REGIONS`).
    pub fn region_count(&self) -> usize {
        match self {
            CheckRegion::AllRegions => CheckRegion::GEOGRAPHIC.len(),
            _ => 1,
        }
    }
}

string_enum! {
    /// Where a pool's health verdict comes from (`health_sources`, beta, 2026).
    pub enum HealthSource {
        Local = "local" => "Local",
        Regional = "regional" => "Regional",
        Global = "global" => "Global",
    }
}
