//! Identifiers: 32 lowercase hex characters for pools, monitors, monitor
//! groups and load balancers; hyphenated UUIDs for notification policies.

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes
}

/// A new object ID: 32 lowercase hex characters.
pub fn new_hex_id() -> String {
    random_bytes().iter().map(|b| format!("{b:02x}")).collect()
}

/// A new random (version 4) UUID, hyphenated.
pub fn new_uuid() -> String {
    let mut b = random_bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// A new secret: 40 URL-safe characters, like a Cloudflare API token.
pub fn new_secret() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut raw = [0u8; 40];
    getrandom::fill(&mut raw).expect("the OS random source works");
    raw.iter()
        .map(|b| ALPHABET[usize::from(b & 63)] as char)
        .collect()
}

/// Account, zone and object IDs in routes: exactly 32 hex characters.
pub fn is_hex_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let id = new_hex_id();
        assert!(is_hex_id(&id) && id == id.to_lowercase());
        assert_ne!(new_hex_id(), id);
        let uuid = new_uuid();
        assert!(pooldeck_model::validate::is_uuid(&uuid));
        assert_eq!(&uuid[14..15], "4");
        assert_eq!(new_secret().len(), 40);
        assert!(!is_hex_id("17b5962d775c646f3f9725cbc7a53df"));
        assert!(!is_hex_id("zzb5962d775c646f3f9725cbc7a53df4"));
    }
}
