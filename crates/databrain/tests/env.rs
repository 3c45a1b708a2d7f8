//! The environment rule in Rust: `Client::builder()` fills what the caller did not give from
//! `DATABRAIN_API_KEY`, `DATABRAIN_SERVICE_TOKEN` and `DATABRAIN_BASE_URL` (explicit values
//! win, `without_env` reads none), and a missing credential's message says what this
//! constructor reads. Its own test binary: it changes the process environment, so one test.

use databrain::{Client, ErrorKind, GuestTokenRequest, ListOptions};
use databrain_mock::{DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_SERVICE_TOKEN, MockServer};

fn set(name: &str, value: &str) {
    // SAFETY: the only test in this binary; nothing else reads the environment meanwhile.
    unsafe { std::env::set_var(name, value) }
}

fn unset(name: &str) {
    // SAFETY: as in `set`.
    unsafe { std::env::remove_var(name) }
}

#[tokio::test]
async fn the_builder_reads_the_environment_unless_told_not_to() {
    let mock = MockServer::start().await.unwrap();
    let other = MockServer::start().await.unwrap();
    set(databrain::ENV_API_KEY, DEFAULT_API_KEY);
    set(databrain::ENV_SERVICE_TOKEN, DEFAULT_SERVICE_TOKEN);
    set(databrain::ENV_BASE_URL, &mock.url());
    let request = GuestTokenRequest::new("user-1", DEFAULT_DATA_APP);

    // Nothing given: all three come from the environment, and the call reaches the mock.
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), mock.url().trim_end_matches('/'));
    client.create_guest_token(&request).await.unwrap();
    assert_eq!(mock.requests().len(), 1);
    assert!(Client::from_env().unwrap().has_service_token());

    // Explicit values win over the variables.
    let explicit = Client::builder().base_url(other.url()).api_key("not-the-env-key").build().unwrap();
    assert_eq!(explicit.base_url(), other.url().trim_end_matches('/'));
    let e = explicit.create_guest_token(&request).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "the explicit key was sent, not the variable's: {e}");
    assert_eq!(mock.requests().len(), 1, "nothing went to the environment's URL");

    // `without_env`: none of the three is read, and the message says so.
    let bare = Client::builder().base_url(other.url()).without_env().build().unwrap();
    assert!(!bare.has_api_key() && !bare.has_service_token());
    let e = bare.create_guest_token(&request).await.unwrap_err().to_string();
    assert!(e.contains("call .api_key(...) on Client::builder()"), "{e}");
    assert!(e.contains("reads no environment variable, so DATABRAIN_API_KEY is ignored"), "{e}");
    let e = bare.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err().to_string();
    assert!(e.contains("call .service_token(...) on Client::builder()"), "{e}");
    assert_eq!(Client::builder().without_env().build().unwrap().base_url(), databrain::DEFAULT_BASE_URL);

    // Variables unset (or empty): the message names the builder call and the variable, in
    // Rust's spelling (never `apiKey`).
    unset(databrain::ENV_API_KEY);
    set(databrain::ENV_SERVICE_TOKEN, "");
    let none = Client::builder().build().unwrap();
    assert!(!none.has_service_token(), "an empty variable counts as unset");
    let e = none.create_guest_token(&request).await.unwrap_err().to_string();
    assert_eq!(e, "configuration error: this call needs a data-app API key: call .api_key(...) on Client::builder() or set DATABRAIN_API_KEY");

    // A derived client keeps everything but the credential it replaces.
    let admin = Client::builder().service_token(DEFAULT_SERVICE_TOKEN).build().unwrap();
    let tenant = admin.with_api_key(DEFAULT_API_KEY).unwrap();
    assert_eq!(tenant.base_url(), admin.base_url());
    assert!(tenant.has_service_token());
    tenant.create_guest_token(&request).await.unwrap();
    let swapped = tenant.with_service_token("another-token").unwrap();
    assert!(swapped.has_api_key() && swapped.has_service_token());
    let e = swapped.data_apps().list(&ListOptions::all()).unwrap().collect_all().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Authentication, "{e}");
    assert!(admin.with_service_token("").is_err());
    assert_eq!(mock.requests().len(), 3);
    unset(databrain::ENV_BASE_URL);
    unset(databrain::ENV_SERVICE_TOKEN);
}
