//! The guest-token body written straight from the typed model, in one of two key orders.
//!
//! * [`Order::Wire`]: the bytes `serde_json::to_vec(&request)` produces (field order of the
//!   models, filter columns in the caller's order) — what is sent.
//! * [`Order::Sorted`]: every object's keys in byte order, recursively (arrays keep their
//!   order) — the canonical form the guest-token cache hashes into its key, equal to
//!   `cache::key::write_canonical` over the same body as a `Value`.
//!
//! Why not serde: the derived serialiser is generic over formatters and grows its buffer from
//! 128 bytes, and the canonical form used to go through a `Value` tree plus one sort per
//! object. Here each field is one `match` arm writing into a buffer that is reused per thread
//! ([`with_scratch`]), so a body costs no allocation but its final copy and a cache key none.
//! Both orders are pinned against serde's output by the property tests below.

use std::cell::RefCell;

use crate::models::filters::{AppFilter, DashboardAppFilter, FilterValue, FilterValues, RlsSetting};
use crate::models::guest_token::{GuestTokenParams, GuestTokenRequest};
use crate::models::permissions::Permissions;

/// Which key order to write objects in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Order {
    /// The models' field order (the bytes that are sent).
    Wire,
    /// Keys sorted by bytes (the cache key's canonical form).
    Sorted,
}

/// Largest scratch buffer kept between calls; a larger body is written into a fresh one.
const MAX_KEPT_SCRATCH: usize = 64 * 1024;

thread_local! {
    static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's empty scratch buffer (a fresh one if it is in use).
pub(crate) fn with_scratch<T>(f: impl FnOnce(&mut Vec<u8>) -> T) -> T {
    // `take` leaves an empty Vec behind, so a nested call simply gets a new buffer.
    let mut buf = SCRATCH.with(|s| std::mem::take(&mut *s.borrow_mut()));
    buf.clear();
    let out = f(&mut buf);
    if buf.capacity() <= MAX_KEPT_SCRATCH {
        SCRATCH.with(|s| *s.borrow_mut() = buf);
    }
    out
}

/// The body as sent (without `extraBody`: the caller merges it the slow way).
pub(crate) fn wire_bytes(request: &GuestTokenRequest) -> Vec<u8> {
    with_scratch(|buf| {
        write_request(request, Order::Wire, buf);
        buf.to_vec()
    })
}

/// Writes `request` (not its `extraBody`) as compact JSON in `order`.
pub(crate) fn write_request(r: &GuestTokenRequest, order: Order, out: &mut Vec<u8>) {
    // Field numbers in wire order; `SORTED` lists the same fields by key bytes.
    const WIRE: [u8; 6] = [0, 1, 2, 3, 4, 5];
    const SORTED: [u8; 6] = [0, 1, 5, 4, 2, 3];
    let mut obj = Obj::open(out);
    for field in pick(order, &WIRE, &SORTED) {
        match field {
            0 => string(obj.key("clientId"), &r.client_id),
            1 => string(obj.key("dataAppName"), &r.data_app_name),
            2 => {
                if let Some(params) = &r.params {
                    write_params(params, order, obj.key("params"));
                }
            }
            3 => {
                if let Some(permissions) = &r.permissions {
                    write_permissions(permissions, order, obj.key("permissions"));
                }
            }
            4 => {
                if let Some(ms) = r.expiry_time {
                    integer(obj.key("expiryTime"), ms);
                }
            }
            _ => {
                if let Some(name) = &r.datasource_name {
                    string(obj.key("datasourceName"), name);
                }
            }
        }
    }
    obj.close();
}

fn write_params(p: &GuestTokenParams, order: Order, out: &mut Vec<u8>) {
    // appFilters, dashboardAppFilters, hideDashboardFilters, userIdentifier, rlsSettings,
    // allowedEmbeds, timezone; sorted: allowedEmbeds, appFilters, dashboardAppFilters,
    // hideDashboardFilters, rlsSettings, timezone, userIdentifier.
    const WIRE: [u8; 7] = [0, 1, 2, 3, 4, 5, 6];
    const SORTED: [u8; 7] = [5, 0, 1, 2, 4, 6, 3];
    let mut obj = Obj::open(out);
    for field in pick(order, &WIRE, &SORTED) {
        match field {
            0 => {
                if let Some(list) = &p.app_filters {
                    array(obj.key("appFilters"), list, |f, out| write_app_filter(f, order, out));
                }
            }
            1 => {
                if let Some(list) = &p.dashboard_app_filters {
                    array(obj.key("dashboardAppFilters"), list, |f, out| write_dashboard_filter(f, order, out));
                }
            }
            2 => {
                if let Some(list) = &p.hide_dashboard_filters {
                    string_array(obj.key("hideDashboardFilters"), list);
                }
            }
            3 => {
                if let Some(id) = &p.user_identifier {
                    string(obj.key("userIdentifier"), id);
                }
            }
            4 => {
                if let Some(list) = &p.rls_settings {
                    array(obj.key("rlsSettings"), list, |s, out| write_rls_setting(s, order, out));
                }
            }
            5 => {
                if let Some(list) = &p.allowed_embeds {
                    string_array(obj.key("allowedEmbeds"), list);
                }
            }
            _ => {
                if let Some(tz) = &p.timezone {
                    string(obj.key("timezone"), tz);
                }
            }
        }
    }
    obj.close();
}

fn write_app_filter(f: &AppFilter, order: Order, out: &mut Vec<u8>) {
    // metricId < values in both orders.
    let mut obj = Obj::open(out);
    string(obj.key("metricId"), &f.metric_id);
    write_values(&f.values, order, obj.key("values"));
    obj.close();
}

fn write_dashboard_filter(f: &DashboardAppFilter, order: Order, out: &mut Vec<u8>) {
    // dashboardId, values, isShowOnUrl; sorted: dashboardId, isShowOnUrl, values.
    const WIRE: [u8; 3] = [0, 1, 2];
    const SORTED: [u8; 3] = [0, 2, 1];
    let mut obj = Obj::open(out);
    for field in pick(order, &WIRE, &SORTED) {
        match field {
            0 => string(obj.key("dashboardId"), &f.dashboard_id),
            1 => write_values(&f.values, order, obj.key("values")),
            _ => {
                if let Some(show) = f.is_show_on_url {
                    boolean(obj.key("isShowOnUrl"), show);
                }
            }
        }
    }
    obj.close();
}

fn write_rls_setting(s: &RlsSetting, order: Order, out: &mut Vec<u8>) {
    // metricId < values in both orders.
    let mut obj = Obj::open(out);
    if let Some(id) = &s.metric_id {
        string(obj.key("metricId"), id);
    }
    write_values(&s.values, order, obj.key("values"));
    obj.close();
}

/// Column → value; the column names are the caller's, so sorting happens here.
fn write_values(values: &FilterValues, order: Order, out: &mut Vec<u8>) {
    let mut obj = Obj::open(out);
    let in_order = order == Order::Wire || values.keys().is_sorted_by(|a, b| a.as_bytes() <= b.as_bytes());
    if in_order {
        for (column, value) in values {
            write_filter_value(value, order, obj.string_key(column));
        }
    } else {
        let mut sorted: Vec<(&String, &FilterValue)> = values.iter().collect();
        sorted.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        for (column, value) in sorted {
            write_filter_value(value, order, obj.string_key(column));
        }
    }
    obj.close();
}

fn write_filter_value(v: &FilterValue, order: Order, out: &mut Vec<u8>) {
    let sorted = order == Order::Sorted;
    match v {
        FilterValue::Bool(b) => boolean(out, *b),
        FilterValue::Number(n) => number(out, n),
        FilterValue::String(s) => string(out, s),
        FilterValue::StringList(list) => string_array(out, list),
        FilterValue::Sql { sql, column_name } => {
            let (a, b) = ((b"sql" as &[u8], sql), (b"columnName" as &[u8], column_name));
            let (first, second) = if sorted { (b, a) } else { (a, b) };
            let mut obj = Obj::open(out);
            string(obj.raw_key(first.0), first.1);
            string(obj.raw_key(second.0), second.1);
            obj.close();
        }
        FilterValue::DateRange { start_date, end_date } => {
            let (a, b) = ((b"startDate" as &[u8], start_date), (b"endDate" as &[u8], end_date));
            let (first, second) = if sorted { (b, a) } else { (a, b) };
            let mut obj = Obj::open(out);
            string(obj.raw_key(first.0), first.1);
            string(obj.raw_key(second.0), second.1);
            obj.close();
        }
        FilterValue::NumberRange { min, max } => {
            let (a, b) = ((b"min" as &[u8], min), (b"max" as &[u8], max));
            let (first, second) = if sorted { (b, a) } else { (a, b) };
            let mut obj = Obj::open(out);
            number(obj.raw_key(first.0), first.1);
            number(obj.raw_key(second.0), second.1);
            obj.close();
        }
    }
}

fn write_permissions(p: &Permissions, order: Order, out: &mut Vec<u8>) {
    // Wire order is `PERMISSION_KEYS`; `SORTED` indexes it by key bytes.
    let flags: [(&str, Option<bool>); 10] = [
        ("isEnableArchiveMetrics", p.is_enable_archive_metrics),
        ("isEnableManageMetrics", p.is_enable_manage_metrics),
        ("isEnableCreateDashboardView", p.is_enable_create_dashboard_view),
        ("isEnableMetricUpdation", p.is_enable_metric_updation),
        ("isEnableCustomizeLayout", p.is_enable_customize_layout),
        ("isEnableUnderlyingData", p.is_enable_underlying_data),
        ("isEnableDownloadMetrics", p.is_enable_download_metrics),
        ("isShowSideBar", p.is_show_side_bar),
        ("isShowDashboardName", p.is_show_dashboard_name),
        ("isDisableMetricCreation", p.is_disable_metric_creation),
    ];
    const WIRE: [u8; 10] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const SORTED: [u8; 10] = [9, 0, 2, 4, 6, 1, 3, 5, 8, 7];
    let mut obj = Obj::open(out);
    for i in pick(order, &WIRE, &SORTED) {
        if let (name, Some(flag)) = flags[usize::from(*i)] {
            boolean(obj.key(name), flag);
        }
    }
    obj.close();
}

fn pick<'a>(order: Order, wire: &'a [u8], sorted: &'a [u8]) -> &'a [u8] {
    match order {
        Order::Wire => wire,
        Order::Sorted => sorted,
    }
}

/// An object being written: commas between members.
struct Obj<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Obj<'a> {
    fn open(out: &'a mut Vec<u8>) -> Self {
        out.push(b'{');
        Obj { out, empty: true }
    }

    #[inline]
    fn comma(&mut self) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
    }

    /// A model field's key (ASCII letters: nothing to escape); returns where its value goes.
    #[inline]
    fn key(&mut self, name: &str) -> &mut Vec<u8> {
        self.raw_key(name.as_bytes())
    }

    #[inline]
    fn raw_key(&mut self, name: &[u8]) -> &mut Vec<u8> {
        self.comma();
        self.out.push(b'"');
        self.out.extend_from_slice(name);
        self.out.extend_from_slice(b"\":");
        self.out
    }

    /// A caller-supplied key (escaped).
    fn string_key(&mut self, name: &str) -> &mut Vec<u8> {
        self.comma();
        string(self.out, name);
        self.out.push(b':');
        self.out
    }

    fn close(self) {
        self.out.push(b'}');
    }
}

fn array<T>(out: &mut Vec<u8>, items: &[T], mut write: impl FnMut(&T, &mut Vec<u8>)) {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write(item, out);
    }
    out.push(b']');
}

fn string_array(out: &mut Vec<u8>, items: &[String]) {
    array(out, items, |s, out| string(out, s));
}

fn boolean(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn integer(out: &mut Vec<u8>, n: u64) {
    number(out, &serde_json::Number::from(n));
}

fn number(out: &mut Vec<u8>, n: &serde_json::Number) {
    // serde_json's own formatting (itoa / ryu), so numbers read back bit for bit.
    serde_json::to_writer(out, n).expect("writing to a Vec cannot fail");
}

/// What serde_json writes for each byte: 0 = copy, else the escape's second character
/// (`u` = `\u00XX`). Control characters, `"` and `\`; nothing else (not `/`, not DEL).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0a] = b'n';
    table[0x0c] = b'f';
    table[0x0d] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

/// A JSON string, escaped exactly as serde_json escapes it.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    // Nearly every string needs no escape: its plain prefix (found 8 bytes at a time) is
    // copied whole, and the loop below starts at the first byte to escape, if any.
    let mut start = plain_prefix(bytes);
    out.extend_from_slice(&bytes[..start]);
    for (i, &b) in bytes.iter().enumerate().skip(start) {
        let escape = ESCAPE[usize::from(b)];
        if escape == 0 {
            continue;
        }
        out.extend_from_slice(&bytes[start..i]);
        match escape {
            b'u' => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]),
            other => out.extend_from_slice(&[b'\\', other]),
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// The length of the longest prefix of `bytes` that needs no escape.
fn plain_prefix(bytes: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // "Has a byte below n" is `(w - n·ONES) & !w & HIGHS` (exact for n ≤ 0x80); "has a byte
    // equal to c" is that with n = 1 over `w ^ c·ONES`. Bytes ≥ 0x80 (UTF-8) never match.
    let below = |w: u64, n: u64| w.wrapping_sub(n * ONES) & !w & HIGHS;
    let mut i = 0;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("an 8-byte chunk"));
        if below(w, 0x20) | below(w ^ (u64::from(b'"') * ONES), 1) | below(w ^ (u64::from(b'\\') * ONES), 1) != 0 {
            break;
        }
        i += 8;
    }
    // The rest (or the chunk that holds an escape) byte by byte.
    while i < bytes.len() && ESCAPE[usize::from(bytes[i])] == 0 {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::permissions::PERMISSION_KEYS;
    use proptest::prelude::*;
    use serde_json::Value;

    fn sorted_indexes(names: &[&str]) -> Vec<u8> {
        let mut idx: Vec<u8> = (0..names.len() as u8).collect();
        idx.sort_by(|a, b| names[usize::from(*a)].as_bytes().cmp(names[usize::from(*b)].as_bytes()));
        idx
    }

    #[test]
    fn permission_order_tables_match_the_names() {
        let mut out = Vec::new();
        let all = Permissions {
            is_enable_archive_metrics: Some(true),
            is_enable_manage_metrics: Some(true),
            is_enable_create_dashboard_view: Some(true),
            is_enable_metric_updation: Some(true),
            is_enable_customize_layout: Some(true),
            is_enable_underlying_data: Some(true),
            is_enable_download_metrics: Some(true),
            is_show_side_bar: Some(true),
            is_show_dashboard_name: Some(true),
            is_disable_metric_creation: Some(true),
        };
        write_permissions(&all, Order::Sorted, &mut out);
        let expected: Vec<String> =
            sorted_indexes(&PERMISSION_KEYS).iter().map(|i| format!("\"{}\":true", PERMISSION_KEYS[usize::from(*i)])).collect();
        assert_eq!(String::from_utf8(out).unwrap(), format!("{{{}}}", expected.join(",")));
        let mut wire = Vec::new();
        write_permissions(&all, Order::Wire, &mut wire);
        assert_eq!(wire, serde_json::to_vec(&all).unwrap());
    }

    /// The same body through a `Value` with every object's keys sorted (what the cache did).
    fn canonical_via_value(r: &GuestTokenRequest) -> Vec<u8> {
        let mut out = Vec::new();
        crate::cache::write_canonical_value(&serde_json::to_value(r).unwrap(), &mut out);
        out
    }

    fn maximal() -> GuestTokenRequest {
        let doc: Value =
            serde_json::from_str(include_str!("../../../tests/vectors/maximal_guest_token.json")).unwrap();
        GuestTokenRequest::from_loose(&doc["input"]).unwrap().into_inner()
    }

    #[test]
    fn the_maximal_request_matches_serde_in_both_orders() {
        let r = maximal();
        assert_eq!(wire_bytes(&r), serde_json::to_vec(&r).unwrap());
        let mut sorted = Vec::new();
        write_request(&r, Order::Sorted, &mut sorted);
        assert_eq!(sorted, canonical_via_value(&r));
    }

    #[test]
    fn strings_escape_like_serde() {
        for s in ["", "plain", "quote \" back \\ slash /", "\u{0}\u{1f}\u{7f}\t\n\r\u{8}\u{c}", "é ü 日本 🎉"] {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn every_byte_to_escape_is_found_at_every_offset_of_the_word_scan() {
        // The 8-byte scan must stop at any escapable byte wherever it sits in a word, and
        // must not stop at the bytes around it (0x1f/0x20, '"' ± 1, '\\' ± 1, UTF-8).
        let specials = ['\u{0}', '\u{1f}', '"', '\\', '\n', '\u{7f}', ' ', '!', '#', '[', ']', 'é'];
        for special in specials {
            for len in 0..20 {
                for at in 0..len {
                    let s: String = (0..len).map(|i| if i == at { special } else { 'a' }).collect();
                    let mut out = Vec::new();
                    string(&mut out, &s);
                    assert_eq!(out, serde_json::to_vec(&s).unwrap(), "{s:?}");
                }
            }
        }
    }

    fn arb_text() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec!["a", "B", "a_b", "Zeta", "é", "\"", "x\\y", "\u{1}"]).prop_map(str::to_owned),
            any::<String>(),
        ]
    }

    fn arb_number() -> impl Strategy<Value = serde_json::Number> {
        prop_oneof![
            any::<u64>().prop_map(serde_json::Number::from),
            any::<i64>().prop_map(serde_json::Number::from),
            any::<f64>().prop_filter_map("finite", serde_json::Number::from_f64),
        ]
    }

    fn arb_value() -> impl Strategy<Value = FilterValue> {
        prop_oneof![
            any::<bool>().prop_map(FilterValue::Bool),
            arb_number().prop_map(FilterValue::Number),
            arb_text().prop_map(FilterValue::String),
            prop::collection::vec(arb_text(), 0..3).prop_map(FilterValue::StringList),
            (arb_text(), arb_text()).prop_map(|(a, b)| FilterValue::sql(a, b)),
            (arb_text(), arb_text()).prop_map(|(a, b)| FilterValue::date_range(a, b)),
            (arb_number(), arb_number()).prop_map(|(min, max)| FilterValue::NumberRange { min, max }),
        ]
    }

    fn arb_values() -> impl Strategy<Value = FilterValues> {
        prop::collection::vec((arb_text(), arb_value()), 0..4).prop_map(|v| v.into_iter().collect())
    }

    fn arb_request() -> impl Strategy<Value = GuestTokenRequest> {
        let app = prop::collection::vec((arb_text(), arb_values()), 0..3)
            .prop_map(|v| v.into_iter().map(|(m, values)| AppFilter { metric_id: m, values }).collect());
        let dash = prop::collection::vec((arb_text(), arb_values(), prop::option::of(any::<bool>())), 0..3).prop_map(|v| {
            v.into_iter()
                .map(|(d, values, show)| DashboardAppFilter { dashboard_id: d, values, is_show_on_url: show })
                .collect()
        });
        let rls = prop::collection::vec((prop::option::of(arb_text()), arb_values()), 0..3)
            .prop_map(|v| v.into_iter().map(|(m, values)| RlsSetting { metric_id: m, values }).collect());
        let strings = || prop::option::of(prop::collection::vec(arb_text(), 0..3));
        let params = prop::option::of(
            (
                prop::option::of(app),
                prop::option::of(dash),
                strings(),
                prop::option::of(arb_text()),
                prop::option::of(rls),
                strings(),
                prop::option::of(arb_text()),
            )
                .prop_map(|(a, d, h, u, r, e, t)| GuestTokenParams {
                    app_filters: a,
                    dashboard_app_filters: d,
                    hide_dashboard_filters: h,
                    user_identifier: u,
                    rls_settings: r,
                    allowed_embeds: e,
                    timezone: t,
                }),
        );
        let flags = prop::collection::vec(prop::option::of(any::<bool>()), 10);
        let permissions = prop::option::of(flags.prop_map(|f| Permissions {
            is_enable_archive_metrics: f[0],
            is_enable_manage_metrics: f[1],
            is_enable_create_dashboard_view: f[2],
            is_enable_metric_updation: f[3],
            is_enable_customize_layout: f[4],
            is_enable_underlying_data: f[5],
            is_enable_download_metrics: f[6],
            is_show_side_bar: f[7],
            is_show_dashboard_name: f[8],
            is_disable_metric_creation: f[9],
        }));
        (arb_text(), arb_text(), params, permissions, prop::option::of(any::<u64>()), prop::option::of(arb_text())).prop_map(
            |(client_id, data_app_name, params, permissions, expiry_time, datasource_name)| GuestTokenRequest {
                client_id,
                data_app_name,
                params,
                permissions,
                expiry_time,
                datasource_name,
                extra_body: None,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// Any request (valid or not: the writer does not care) comes out byte for byte as
        /// serde writes it, and sorted exactly as the `Value` route sorts it.
        #[test]
        fn both_orders_match_the_serde_routes(r in arb_request()) {
            prop_assert_eq!(wire_bytes(&r), serde_json::to_vec(&r).unwrap());
            let mut sorted = Vec::new();
            write_request(&r, Order::Sorted, &mut sorted);
            prop_assert_eq!(sorted, canonical_via_value(&r));
        }
    }
}
