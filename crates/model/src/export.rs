//! "Copy as JSON / curl / Terraform" for a pool.
//!
//! The Terraform form (`cloudflare_load_balancer_pool`, provider v5 attribute
//! syntax) lists endpoints sorted by name and writes the Host header under a
//! lower-case `host` key: both avoid the provider's known perpetual-diff and
//! dropped-Host bugs (the API returns endpoints sorted by name).

use std::fmt::Write as _;

use serde_json::Value;

use crate::pool::Pool;

/// The pool's write body, pretty-printed.
pub fn to_json(pool: &Pool) -> String {
    serde_json::to_string_pretty(&Value::Object(pool.write_body())).expect("a pool is JSON")
}

/// A `curl` command that creates the pool (or replaces it, when it has an
/// ID) through the API at `api_base` (e.g. `https://api.cloudflare.com/client/v4`).
/// The token is read from `$CLOUDFLARE_API_TOKEN`, never written out.
pub fn to_curl(pool: &Pool, api_base: &str, account_id: &str) -> String {
    let base = api_base.trim_end_matches('/');
    let (method, url) = match &pool.id {
        Some(id) => (
            "PUT",
            format!("{base}/accounts/{account_id}/load_balancers/pools/{id}"),
        ),
        None => (
            "POST",
            format!("{base}/accounts/{account_id}/load_balancers/pools"),
        ),
    };
    let body = serde_json::to_string(&Value::Object(pool.write_body())).expect("a pool is JSON");
    format!(
        "curl \"{url}\" \\\n  --request {method} \\\n  --header \"Authorization: Bearer $CLOUDFLARE_API_TOKEN\" \\\n  --json '{}'",
        body.replace('\'', "'\\''")
    )
}

/// An HCL string literal.
fn hcl_str(s: &str) -> String {
    let escaped = s
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
        .replace("${", "$${")
        .replace("%{", "%%{");
    format!("\"{escaped}\"")
}

fn hcl_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A Terraform resource name from a pool name: letters, digits, `_`, `-`,
/// not starting with a digit.
fn resource_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
        out.insert(0, '_');
    }
    out
}

/// A `cloudflare_load_balancer_pool` resource for the pool.
pub fn to_terraform(pool: &Pool, account_id: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "resource \"cloudflare_load_balancer_pool\" {} {{",
        hcl_str(&resource_name(&pool.name))
    );
    let _ = writeln!(out, "  account_id      = {}", hcl_str(account_id));
    let _ = writeln!(out, "  name            = {}", hcl_str(&pool.name));
    if !pool.description.is_empty() {
        let _ = writeln!(out, "  description     = {}", hcl_str(&pool.description));
    }
    let _ = writeln!(out, "  enabled         = {}", pool.enabled);
    let _ = writeln!(out, "  minimum_origins = {}", pool.minimum_origins);
    if let Some(m) = pool.monitor_id() {
        let _ = writeln!(out, "  monitor         = {}", hcl_str(m));
    }
    if let Some(Some(regions)) = &pool.check_regions {
        let list: Vec<String> = regions.iter().map(|r| hcl_str(r.as_str())).collect();
        let _ = writeln!(out, "  check_regions   = [{}]", list.join(", "));
    }
    if let (Some(lat), Some(lon)) = (pool.latitude, pool.longitude) {
        let _ = writeln!(out, "  latitude        = {}", hcl_number(lat));
        let _ = writeln!(out, "  longitude       = {}", hcl_number(lon));
    }
    if let Some(steering) = &pool.origin_steering {
        let _ = writeln!(
            out,
            "  origin_steering = {{ policy = {} }}",
            hcl_str(steering.policy.as_str())
        );
    }
    if let Some(s) = pool.shedding() {
        let _ = writeln!(
            out,
            "  load_shedding = {{\n    default_percent = {}\n    default_policy  = {}\n    session_percent = {}\n    session_policy  = {}\n  }}",
            hcl_number(s.default_percent),
            hcl_str(s.default_policy.as_str()),
            hcl_number(s.session_percent),
            hcl_str(s.session_policy.as_str())
        );
    }
    let mut origins: Vec<_> = pool.origins.iter().collect();
    origins.sort_by(|a, b| a.name.cmp(&b.name));
    out.push_str("  origins = [\n");
    for o in origins {
        out.push_str("    {\n");
        let _ = writeln!(out, "      name    = {}", hcl_str(&o.name));
        let _ = writeln!(out, "      address = {}", hcl_str(&o.address));
        let _ = writeln!(out, "      enabled = {}", o.enabled);
        let _ = writeln!(out, "      weight  = {}", hcl_number(o.weight));
        if let Some(port) = o.port.filter(|p| *p != 0) {
            let _ = writeln!(out, "      port    = {port}");
        }
        if let Some(vnet) = &o.virtual_network_id {
            let _ = writeln!(out, "      virtual_network_id = {}", hcl_str(vnet));
        }
        if let Some(host) = o.host() {
            let _ = writeln!(out, "      header  = {{ host = [{}] }}", hcl_str(host));
        }
        out.push_str("    },\n");
    }
    out.push_str("  ]\n}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::origin::{Origin, OriginHeader};
    use crate::region::CheckRegion;

    fn pool() -> Pool {
        Pool {
            id: Some("17b5962d775c646f3f9725cbc7a53df4".into()),
            name: "web-1".into(),
            description: "it's \"primary\" ${x}".into(),
            check_regions: Some(Some(vec![CheckRegion::Weu])),
            origins: vec![
                Origin {
                    weight: 0.5,
                    header: Some(OriginHeader::host("app.example.com")),
                    ..Origin::new("zeta", "192.0.2.2")
                },
                Origin::new("alpha", "192.0.2.1"),
            ],
            ..Pool::default()
        }
    }

    #[test]
    fn terraform_sorts_endpoints_and_lowercases_host() {
        let tf = to_terraform(&pool(), "0123456789abcdef0123456789abcdef");
        assert!(
            tf.starts_with("resource \"cloudflare_load_balancer_pool\" \"web-1\" {"),
            "{tf}"
        );
        assert!(
            tf.find("\"alpha\"").unwrap() < tf.find("\"zeta\"").unwrap(),
            "sorted by name"
        );
        assert!(tf.contains("header  = { host = [\"app.example.com\"] }"));
        assert!(
            tf.contains("description     = \"it's \\\"primary\\\" $${x}\""),
            "escaped: {tf}"
        );
        assert!(tf.contains("weight  = 0.5") && tf.contains("weight  = 1\n"));
        assert!(tf.contains("check_regions   = [\"WEU\"]"));
    }

    #[test]
    fn curl_replaces_an_existing_pool_and_quotes_for_the_shell() {
        let curl = to_curl(&pool(), "https://api.cloudflare.com/client/v4/", "acc");
        assert!(curl.starts_with("curl \"https://api.cloudflare.com/client/v4/accounts/acc/load_balancers/pools/17b5962d775c646f3f9725cbc7a53df4\""));
        assert!(curl.contains("--request PUT"));
        assert!(curl.contains("$CLOUDFLARE_API_TOKEN"));
        assert!(
            curl.contains("it'\\''s"),
            "single quotes survive the shell: {curl}"
        );
        let mut new = pool();
        new.id = None;
        assert!(to_curl(&new, "http://x/client/v4", "acc").contains("--request POST"));
    }

    #[test]
    fn json_is_the_write_body() {
        let json: Value = serde_json::from_str(&to_json(&pool())).unwrap();
        assert!(json.get("id").is_none());
        assert_eq!(json["name"], "web-1");
    }
}
