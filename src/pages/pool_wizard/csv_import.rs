//! Paste/CSV import of endpoints: one per line,
//! `name,address[,weight[,port[,host[,vnet]]]]`. Every line is checked by
//! the model crate's rules before anything is added; bad lines are
//! reported with their line number and reason, and only good ones are
//! added.

use std::collections::HashSet;

use pooldeck_model::validate::{validate_pool, Limits};
use pooldeck_model::{Origin, OriginHeader, Pool};

/// The outcome of reading pasted text.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CsvImport {
    /// `(line number, endpoint)` of every line that can be added.
    pub good: Vec<(usize, Origin)>,
    /// `(line number, reason)` of every line that cannot.
    pub bad: Vec<(usize, String)>,
}

/// Splits one line: on tabs when it has them and no comma (a paste from a
/// spreadsheet), else on commas.
fn fields(line: &str) -> Vec<&str> {
    let sep = if line.contains('\t') && !line.contains(',') {
        '\t'
    } else {
        ','
    };
    line.split(sep).map(str::trim).collect()
}

fn optional<'a>(fields: &[&'a str], i: usize) -> Option<&'a str> {
    fields.get(i).copied().filter(|f| !f.is_empty())
}

/// Reads one line into an endpoint, or says why it cannot.
fn parse_line(line: &str) -> Result<Origin, String> {
    let f = fields(line);
    if f.len() < 2 {
        return Err("expected at least name,address".into());
    }
    if f.len() > 6 {
        return Err(format!(
            "expected at most 6 values (name,address,weight,port,host,vnet), found {}",
            f.len()
        ));
    }
    let mut origin = Origin::new(f[0], f[1]);
    if let Some(w) = optional(&f, 2) {
        origin.weight = w
            .parse()
            .map_err(|_| format!("weight \"{w}\" is not a number"))?;
    }
    if let Some(p) = optional(&f, 3) {
        origin.port = Some(
            p.parse()
                .map_err(|_| format!("port \"{p}\" is not a whole number"))?,
        );
    }
    if let Some(h) = optional(&f, 4) {
        origin.header = Some(OriginHeader::host(h));
    }
    if let Some(v) = optional(&f, 5) {
        origin.virtual_network_id = Some(v.to_owned());
    }
    Ok(origin)
}

/// The model's errors for one endpoint on its own, as one line of text.
fn rule_errors(origin: &Origin, limits: &Limits) -> Option<String> {
    let pool = Pool {
        name: "import".into(),
        origins: vec![origin.clone()],
        ..Pool::default()
    };
    let messages: Vec<String> = validate_pool(&pool, limits)
        .into_iter()
        .filter(|f| f.is_error() && f.path.starts_with("origins[0]"))
        .map(|f| f.message)
        .collect();
    (!messages.is_empty()).then(|| messages.join("; "))
}

/// Reads `text`. `existing` are the endpoints already in the pool: a line
/// that repeats one of their names or addresses is bad, as is a line that
/// repeats an earlier line. Blank lines, `#` comments and a
/// `name,address,…` header line are skipped.
pub fn parse(text: &str, existing: &[Origin], limits: &Limits) -> CsvImport {
    let mut names: HashSet<String> = existing.iter().map(|o| o.name.clone()).collect();
    let mut addresses: HashSet<String> = existing
        .iter()
        .map(|o| o.address.trim().to_ascii_lowercase())
        .collect();
    let mut out = CsvImport::default();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if line_no == 1 && fields(line).first() == Some(&"name") {
            continue;
        }
        let checked = parse_line(line).and_then(|o| match rule_errors(&o, limits) {
            Some(reason) => Err(reason),
            None if names.contains(&o.name) => Err(format!(
                "endpoint name \"{}\" is already in the pool",
                o.name
            )),
            None if addresses.contains(&o.address.to_ascii_lowercase()) => Err(format!(
                "endpoint address \"{}\" is already in the pool",
                o.address
            )),
            None => Ok(o),
        });
        match checked {
            Ok(o) => {
                names.insert(o.name.clone());
                addresses.insert(o.address.to_ascii_lowercase());
                out.good.push((line_no, o));
            }
            Err(reason) => out.bad.push((line_no, reason)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_lines_with_every_column() {
        let r = parse(
            "name,address,weight\nweb-1,192.0.2.10\nweb-2, 192.0.2.11 ,0.5,8080,app.example.com\n\n# note\nweb-3\t2001:db8::1\t0.25",
            &[],
            &Limits::STANDARD,
        );
        assert!(r.bad.is_empty(), "{:?}", r.bad);
        let lines: Vec<usize> = r.good.iter().map(|(n, _)| *n).collect();
        assert_eq!(lines, [2, 3, 6]);
        let web2 = &r.good[1].1;
        assert_eq!(
            (web2.address.as_str(), web2.weight, web2.port, web2.host()),
            ("192.0.2.11", 0.5, Some(8080), Some("app.example.com"))
        );
        assert_eq!(r.good[2].1.weight, 0.25);
    }

    #[test]
    fn bad_lines_are_reported_with_their_reason() {
        let existing = [Origin::new("web-1", "192.0.2.10")];
        let r = parse(
            "web-1,192.0.2.99\nweb-9,192.0.2.10\nweb-2,not an address!\nweb-3,192.0.2.13,1.5\nweb-4,10.0.0.5\nonly-a-name\nweb-5,192.0.2.15,x\nweb-6,192.0.2.16\nweb-6,192.0.2.17",
            &existing,
            &Limits::STANDARD,
        );
        let bad: Vec<(usize, &str)> = r.bad.iter().map(|(n, m)| (*n, m.as_str())).collect();
        assert_eq!(bad.len(), 8, "{bad:?}");
        assert!(bad[0].1.contains("name \"web-1\" is already"));
        assert!(bad[1].1.contains("address \"192.0.2.10\" is already"));
        assert!(bad[2].1.contains("not a valid IP address or hostname"));
        assert!(bad[3].1.contains("weight 1.5 must be between 0 and 1"));
        assert!(bad[4].1.contains("virtual network is required"));
        assert!(bad[5].1.contains("at least name,address"));
        assert!(bad[6].1.contains("weight \"x\" is not a number"));
        assert_eq!(bad[7].0, 9, "the second web-6 clashes with line 8");
        assert_eq!(r.good.len(), 1);
    }
}
