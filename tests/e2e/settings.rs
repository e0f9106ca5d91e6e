//! Settings: test the connection, validate the account field accessibly,
//! and sign out on the server.

use fantoccini::key::Key;
use serde_json::json;

use super::harness::with_console;

#[tokio::test]
async fn test_connection_account_validation_and_sign_out() {
    with_console(|b| async move {
        b.create_pool(json!({"name": "one", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]})).await;
        b.goto("/settings").await;
        b.wait_for("[data-testid=settings-test]").await.click().await.unwrap();
        b.wait_for_text("[data-testid=settings-result]", "Connected: 1 pool in this account.").await;

        // No error is announced before the field was used.
        let field = b.wait_for("[data-testid=settings-account]").await;
        assert!(field.attr("aria-invalid").await.unwrap().is_none());
        field.clear().await.unwrap();
        field.send_keys("not-an-account").await.unwrap();
        field.send_keys(&Key::Tab.to_string()).await.unwrap();
        let field = b.wait_for("[data-testid=settings-account]").await;
        assert_eq!(field.attr("aria-invalid").await.unwrap().as_deref(), Some("true"));
        assert_eq!(field.attr("aria-describedby").await.unwrap().as_deref(), Some("settings-account-error"));
        assert_eq!(
            b.wait_for("#settings-account-error").await.text().await.unwrap(),
            "An account ID is 32 hexadecimal characters."
        );

        // Signing out brings the sign-in page back and removes the cookie,
        // so the API refuses the browser (400/6003: no credentials at all).
        // That the server ended the session too is tested in the server's
        // sessions tests, with the old cookie replayed.
        b.wait_for("[data-testid=settings-sign-out]").await.click().await.unwrap();
        b.wait_for("[data-testid=sign-in-token]").await;
        let status = b
            .eval("return fetch('/client/v4/accounts/0123456789abcdef0123456789abcdef/load_balancers/pools', {headers: {'X-Pooldeck-CSRF': '1'}}).then(r => r.status)")
            .await;
        assert_eq!(status, json!(400));
    })
    .await;
}

/// Without a session, a page that loads data goes to the sign-in page by
/// itself, and signing in with a token comes back to that page.
#[tokio::test]
async fn an_expired_session_leads_to_sign_in_and_back() {
    with_console(|b| async move {
        b.create_pool(json!({"name": "one", "check_regions": ["WEU"], "origins": [{"name": "a", "address": "192.0.2.1"}]})).await;
        // End the session the way the Sign out button does.
        b.eval("return fetch('/_pooldeck/sign-out', {method: 'POST', headers: {'X-Pooldeck-CSRF': '1'}}).then(r => r.status)").await;
        b.goto("/pools?q=one").await;
        let token = b.wait_for("[data-testid=sign-in-token]").await;
        let url = b.client.current_url().await.unwrap();
        assert_eq!(url.path(), "/_pooldeck/sign-in");
        assert!(url.query().unwrap().contains("next=%2Fpools%3Fq%3Done"), "{url}");
        token.send_keys(super::harness::TOKEN).await.unwrap();
        b.wait_for("[data-testid=sign-in-submit]").await.click().await.unwrap();
        b.wait_for_text("[data-testid=pools-count]", "1 of 1 pools").await;
        let url = b.client.current_url().await.unwrap();
        assert_eq!((url.path(), url.query()), ("/pools", Some("q=one")));
    })
    .await;
}
