//! What the monitor form shows for each monitor type, and the pure edits
//! behind its inputs: parsing each field's text, switching type, and the
//! header rows ↔ `header` map. Kept apart from the view so it is tested
//! with plain `cargo test`.

use std::collections::BTreeMap;

use pooldeck_model::monitor::{DEFAULT_PATH, TCP_METHOD};
use pooldeck_model::{Monitor, MonitorType};

/// A monitor's `header` member.
pub type Headers = BTreeMap<String, Vec<String>>;

pub type ReadFn = fn(&Monitor) -> String;
pub type WriteFn = fn(&mut Monitor, &str) -> Result<(), String>;

/// Which types a field applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    Always,
    /// http and https.
    Http,
    /// Every type that probes a port (all but icmp_ping).
    Port,
}

impl Applies {
    pub fn to(self, kind: &MonitorType) -> bool {
        match self {
            Applies::Always => true,
            Applies::Http => kind.is_http(),
            Applies::Port => *kind != MonitorType::IcmpPing,
        }
    }
}

/// One text or number input of the form.
pub struct Field {
    /// The member's path, as the model's findings name it.
    pub path: &'static str,
    /// Cloudflare's label.
    pub label: &'static str,
    pub input_type: &'static str,
    pub hint: Option<&'static str>,
    pub applies: Applies,
    pub get: ReadFn,
    pub set: WriteFn,
}

impl Field {
    /// The input's `id` and `data-testid`.
    pub fn id(&self) -> String {
        format!("monitor-{}", self.path.replace('_', "-"))
    }
}

fn whole(v: &str, what: &str) -> Result<i64, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("{what} must be a whole number"))
}

fn optional_whole(v: &str, what: &str) -> Result<Option<i64>, String> {
    if v.trim().is_empty() {
        Ok(None)
    } else {
        whole(v, what).map(Some)
    }
}

fn optional_text(v: &str) -> Option<String> {
    (!v.trim().is_empty()).then(|| v.trim().to_owned())
}

/// The inputs, in form order (type, method and headers are separate).
pub const FIELDS: &[Field] = &[
    Field {
        path: "description",
        label: "Description",
        input_type: "text",
        hint: Some("How pickers and references name this monitor."),
        applies: Applies::Always,
        get: |m| m.description.clone(),
        set: |m, v| {
            m.description = v.to_owned();
            Ok(())
        },
    },
    Field {
        path: "path",
        label: "Path",
        input_type: "text",
        hint: None,
        applies: Applies::Http,
        get: |m| m.path.clone().unwrap_or_default(),
        set: |m, v| {
            m.path = optional_text(v);
            Ok(())
        },
    },
    Field {
        path: "port",
        label: "Port",
        input_type: "number",
        hint: Some("For http and https, empty or 0 means the protocol default (80 or 443)."),
        applies: Applies::Port,
        get: |m| m.port.map(|p| p.to_string()).unwrap_or_default(),
        set: |m, v| {
            m.port = optional_whole(v, "port")?;
            Ok(())
        },
    },
    Field {
        path: "expected_codes",
        label: "Response code",
        input_type: "text",
        hint: Some("A status code such as 200, or a class such as 2xx."),
        applies: Applies::Http,
        get: |m| m.expected_codes.clone().unwrap_or_default(),
        set: |m, v| {
            m.expected_codes = optional_text(v);
            Ok(())
        },
    },
    Field {
        path: "expected_body",
        label: "Response body",
        input_type: "text",
        hint: Some(
            "A case-insensitive substring of the first 10 KB of the response. Empty: any body.",
        ),
        applies: Applies::Http,
        get: |m| m.expected_body.clone().unwrap_or_default(),
        set: |m, v| {
            m.expected_body = (!v.is_empty()).then(|| v.to_owned());
            Ok(())
        },
    },
    Field {
        path: "probe_zone",
        label: "Simulate zone",
        input_type: "text",
        hint: Some("Probe as if the request came through this zone (its rules apply)."),
        applies: Applies::Http,
        get: |m| m.probe_zone.clone().unwrap_or_default(),
        set: |m, v| {
            m.probe_zone = optional_text(v);
            Ok(())
        },
    },
    Field {
        path: "interval",
        label: "Interval (seconds)",
        input_type: "number",
        hint: None,
        applies: Applies::Always,
        get: |m| m.interval.to_string(),
        set: |m, v| {
            m.interval = whole(v, "interval")?;
            Ok(())
        },
    },
    Field {
        path: "timeout",
        label: "Timeout (seconds)",
        input_type: "number",
        hint: None,
        applies: Applies::Always,
        get: |m| m.timeout.to_string(),
        set: |m, v| {
            m.timeout = whole(v, "timeout")?;
            Ok(())
        },
    },
    Field {
        path: "retries",
        label: "Retries",
        input_type: "number",
        hint: Some("Immediate retries after a timeout, before a check counts as failed."),
        applies: Applies::Always,
        get: |m| m.retries.to_string(),
        set: |m, v| {
            m.retries = whole(v, "retries")?;
            Ok(())
        },
    },
    Field {
        path: "consecutive_up",
        label: "Consecutive up",
        input_type: "number",
        hint: Some("Passes in a row before an unhealthy endpoint counts as healthy."),
        applies: Applies::Always,
        get: |m| m.consecutive_up.map(|v| v.to_string()).unwrap_or_default(),
        set: |m, v| {
            m.consecutive_up = optional_whole(v, "consecutive up")?;
            Ok(())
        },
    },
    Field {
        path: "consecutive_down",
        label: "Consecutive down",
        input_type: "number",
        hint: Some("Failures in a row before a healthy endpoint counts as unhealthy."),
        applies: Applies::Always,
        get: |m| {
            m.consecutive_down
                .map(|v| v.to_string())
                .unwrap_or_default()
        },
        set: |m, v| {
            m.consecutive_down = optional_whole(v, "consecutive down")?;
            Ok(())
        },
    },
];

/// A new monitor's starting point: an HTTP GET of `/` expecting 200.
pub fn starting_monitor() -> Monitor {
    Monitor {
        kind: MonitorType::Http,
        method: Some("GET".into()),
        path: Some("/".into()),
        expected_codes: Some("200".into()),
        ..Monitor::default()
    }
}

/// Changes the type, dropping the members the new type does not take so
/// the body stays one the API accepts (and keeping those it does).
pub fn switch_kind(m: &mut Monitor, kind: MonitorType) {
    if kind.is_http() {
        if !m.kind.is_http() {
            m.method = kind.default_method().map(str::to_owned);
            m.path.get_or_insert_with(|| DEFAULT_PATH.into());
            m.expected_codes.get_or_insert_with(|| "200".into());
        }
    } else {
        m.method = (kind == MonitorType::Tcp).then(|| TCP_METHOD.into());
        m.path = None;
        m.expected_codes = None;
        m.expected_body = None;
        m.header = None;
        m.follow_redirects = None;
        m.allow_insecure = None;
        m.probe_zone = None;
    }
    if kind == MonitorType::IcmpPing {
        m.port = None;
    }
    m.kind = kind;
}

/// One row of the headers editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderRow {
    /// Stable across edits, for the list's keys.
    pub key: u32,
    pub name: String,
    pub value: String,
}

/// The rows for a monitor's `header` map: one row per value.
pub fn header_rows(m: &Monitor) -> Vec<HeaderRow> {
    m.header
        .iter()
        .flatten()
        .flat_map(|(name, values)| values.iter().map(move |v| (name.clone(), v.clone())))
        .enumerate()
        .map(|(i, (name, value))| HeaderRow {
            key: i as u32,
            name,
            value,
        })
        .collect()
}

/// The `header` map for the rows: values grouped by name in row order;
/// blank rows are skipped, and a value without a name is an error (by
/// row index).
pub fn header_map(rows: &[HeaderRow]) -> Result<Option<Headers>, (usize, String)> {
    let mut map = Headers::new();
    for (i, row) in rows.iter().enumerate() {
        let (name, value) = (row.name.trim(), row.value.trim());
        match (name.is_empty(), value.is_empty()) {
            (true, true) => {}
            (true, false) => return Err((i, "a header needs a name".to_owned())),
            (false, _) => map
                .entry(name.to_owned())
                .or_default()
                .push(value.to_owned()),
        }
    }
    Ok((!map.is_empty()).then_some(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_to_tcp_drops_http_members_and_back_restores_defaults() {
        let mut m = starting_monitor();
        m.header = Some([("Host".to_owned(), vec!["a.example".to_owned()])].into());
        m.port = Some(8080);
        switch_kind(&mut m, MonitorType::Tcp);
        assert_eq!(m.method.as_deref(), Some("connection_established"));
        assert_eq!((m.path.as_ref(), m.header.as_ref()), (None, None));
        assert_eq!(m.port, Some(8080), "tcp keeps the port");
        switch_kind(&mut m, MonitorType::Https);
        assert_eq!(m.method.as_deref(), Some("GET"));
        assert_eq!(m.expected_codes.as_deref(), Some("200"));
        switch_kind(&mut m, MonitorType::IcmpPing);
        assert_eq!((m.port, m.method.as_ref()), (None, None));
    }

    #[test]
    fn switching_between_http_and_https_keeps_what_was_typed() {
        let mut m = starting_monitor();
        m.path = Some("/health".into());
        m.expected_codes = Some("2xx".into());
        switch_kind(&mut m, MonitorType::Https);
        assert_eq!(m.path.as_deref(), Some("/health"));
        assert_eq!(m.expected_codes.as_deref(), Some("2xx"));
    }

    #[test]
    fn header_rows_round_trip_and_group_by_name() {
        let rows = vec![
            HeaderRow {
                key: 0,
                name: "Host".into(),
                value: "a.example".into(),
            },
            HeaderRow {
                key: 1,
                name: " ".into(),
                value: "".into(),
            },
            HeaderRow {
                key: 2,
                name: "X-Probe".into(),
                value: "1".into(),
            },
            HeaderRow {
                key: 3,
                name: "X-Probe".into(),
                value: "2".into(),
            },
        ];
        let map = header_map(&rows).unwrap().unwrap();
        assert_eq!(map["X-Probe"], ["1", "2"]);
        let m = Monitor {
            header: Some(map),
            ..Monitor::default()
        };
        assert_eq!(header_rows(&m).len(), 3);
        assert_eq!(header_map(&[]).unwrap(), None);
        let nameless = [HeaderRow {
            key: 0,
            name: "".into(),
            value: "x".into(),
        }];
        assert_eq!(header_map(&nameless).unwrap_err().0, 0);
    }

    #[test]
    fn numbers_parse_or_say_why() {
        let port = FIELDS.iter().find(|f| f.path == "port").unwrap();
        let mut m = starting_monitor();
        assert!((port.set)(&mut m, "8080").is_ok());
        assert_eq!(m.port, Some(8080));
        assert!((port.set)(&mut m, "").is_ok());
        assert_eq!(m.port, None);
        assert_eq!(
            (port.set)(&mut m, "80.5").unwrap_err(),
            "port must be a whole number"
        );
    }
}
