//! `trunk serve` (the console's dev server) forwards the API, the sign-in
//! pages and `config.json` to a pooldeck-server on its default address
//! (`Trunk.toml`). These checks keep the two files agreeing: a new default
//! port here, or a new dev port there, would leave the dev console talking
//! to nothing, or refused on every write.

use clap::Parser;
use pooldeck_server::cli::Args;
use toml::Value;

fn trunk_toml() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../Trunk.toml");
    let text = std::fs::read_to_string(path).expect("Trunk.toml at the workspace root");
    toml::from_str(&text).expect("Trunk.toml is TOML")
}

#[test]
fn trunk_serve_forwards_to_this_servers_default_address() {
    let listen = Args::parse_from(["pooldeck-server"]).listen;
    let trunk = trunk_toml();
    let serve = &trunk["serve"];
    let dev_host = format!(
        "{}:{}",
        serve["addresses"][0].as_str().expect("[serve] addresses"),
        serve["port"].as_integer().expect("[serve] port")
    );
    let proxies = trunk["proxy"].as_array().expect("[[proxy]] entries");
    let mut paths = Vec::new();
    for proxy in proxies {
        let backend = proxy["backend"].as_str().unwrap();
        let path = backend
            .strip_prefix(&format!("http://{listen}"))
            .unwrap_or_else(|| panic!("{backend} is not at pooldeck-server's default {listen}"));
        // The sign-in answers with a redirect that sets the session cookie;
        // a proxy that followed it would drop the cookie.
        assert_eq!(
            proxy.get("no_redirect"),
            Some(&Value::Boolean(true)),
            "{backend}"
        );
        // The server refuses a cookie-authenticated write whose Origin (the
        // dev server's) is not its Host.
        if path != "/config.json" {
            assert_eq!(
                proxy
                    .get("request_headers")
                    .and_then(|h| h.get("host"))
                    .and_then(Value::as_str),
                Some(dev_host.as_str()),
                "{backend}: the Host the browser sent"
            );
        }
        paths.push(path.to_owned());
    }
    paths.sort();
    assert_eq!(paths, ["/_pooldeck", "/client/v4", "/config.json"]);
}
