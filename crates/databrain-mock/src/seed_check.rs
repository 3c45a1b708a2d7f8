//! Reading and checking a seed: [`Seed::from_json`], [`Seed::from_file`] and
//! [`Seed::validate`]. Credentials and data apps must be unambiguous; the catalog must be
//! consistent: unique names and ids, references that resolve, documented enum values, datamart
//! tables that exist in their datasource, valid `accessSettings`. The catalog is checked with
//! the same validators as the API's, so a seed cannot hold what a client could not create.

use std::collections::HashSet;
use std::path::Path;

use crate::catalog::Catalog;
use crate::management::{access_settings, table_list, workspace_connection};
use crate::seed::{Seed, SeedError};

impl Seed {
    /// Parses and validates a seed from its JSON form.
    pub fn from_json(s: &str) -> Result<Seed, SeedError> {
        let seed: Seed = serde_json::from_str(s)?;
        seed.validate()?;
        Ok(seed)
    }

    /// Reads a seed JSON file (see [`Seed::from_json`]).
    pub fn from_file(path: impl AsRef<Path>) -> Result<Seed, SeedError> {
        Seed::from_json(&std::fs::read_to_string(path)?)
    }

    /// Checks consistency: every credential is non-empty, header-safe and used once (a key
    /// shared by two apps, or also used as a service token, would make auth ambiguous), data-app
    /// names are unique and non-empty, the rate limit is positive, and the catalog holds
    /// together (unique names and ids, every reference resolves, documented enum values).
    pub fn validate(&self) -> Result<(), SeedError> {
        let invalid = |m: String| Err(SeedError::Invalid(m));
        let mut creds = HashSet::new();
        let all_creds = self
            .service_tokens
            .iter()
            .chain(self.data_apps.iter().flat_map(|a| a.api_keys.iter()));
        for c in all_creds {
            if c.is_empty() || c.chars().any(|ch| ch.is_control()) || c.trim() != c {
                return invalid(format!("credential {c:?} is empty or not header-safe"));
            }
            if !creds.insert(c.as_str()) {
                return invalid(format!("credential {c:?} is used more than once"));
            }
        }
        let mut names = HashSet::new();
        for app in &self.data_apps {
            if app.name.is_empty() {
                return invalid("a data app has an empty name".into());
            }
            if !names.insert(app.name.as_str()) {
                return invalid(format!("data app {:?} appears twice", app.name));
            }
        }
        if let Some(rl) = self.rate_limit
            && (!(rl.per_second.is_finite() && rl.per_second > 0.0) || rl.burst == 0)
        {
            return invalid("rateLimit needs perSecond > 0 and burst >= 1".into());
        }
        catalog(self).map_err(SeedError::Invalid)
    }
}

fn unique<'a>(what: &str, names: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut seen = HashSet::new();
    for n in names {
        if n.is_empty() {
            return Err(format!("a {what} has an empty name or id"));
        }
        if !seen.insert(n) {
            return Err(format!("{what} {n:?} appears twice"));
        }
    }
    Ok(())
}

/// Checks the catalog part of `seed` (credentials and data apps are checked by the caller).
fn catalog(seed: &Seed) -> Result<(), String> {
    unique(
        "datasource",
        seed.datasources.iter().map(|d| d.name.as_str()),
    )?;
    unique("datamart", seed.datamarts.iter().map(|d| d.name.as_str()))?;
    unique("workspace", seed.workspaces.iter().map(|w| w.name.as_str()))?;
    let dashboards = || seed.workspaces.iter().flat_map(|w| &w.dashboards);
    unique("dashboard", dashboards().map(|d| d.id.as_str()))?;
    unique(
        "metric",
        dashboards().flat_map(|d| &d.metrics).map(|m| m.id.as_str()),
    )?;
    let embeds = || seed.data_apps.iter().flat_map(|a| &a.embeds);
    unique("embed", embeds().map(|e| e.id.as_str()))?;
    unique(
        "report",
        embeds().flat_map(|e| &e.reports).map(|r| r.id.as_str()),
    )?;

    let cat = Catalog::from_seed(seed);
    for dm in &seed.datamarts {
        let ds = cat.datasource(&dm.datasource_name).ok_or_else(|| {
            format!(
                "datamart {:?}: datasource {:?} not found",
                dm.name, dm.datasource_name
            )
        })?;
        let list = serde_json::Value::Array(dm.table_list.clone());
        table_list::check(Some(&list), ds)
            .map_err(|e| format!("datamart {:?}: {}", dm.name, e.message))?;
        if let Some(layer) = &dm.semantic_layer {
            crate::semantic::check_seed(layer)
                .map_err(|e| format!("datamart {:?}: semanticLayer: {e}", dm.name))?;
        }
    }
    for w in &seed.workspaces {
        workspace_connection::check_connection(
            &cat,
            &w.connection_type,
            w.datasource_name.as_deref(),
            w.datamart_name.as_deref(),
        )
        .map_err(|e| format!("workspace {:?}: {}", w.name, e.message))?;
    }
    for e in embeds() {
        let at = format!("embed {:?}", e.id);
        if !matches!(e.embed_type.as_str(), "dashboard" | "metric") {
            return Err(format!(
                "{at}: embedType must be \"dashboard\" or \"metric\""
            ));
        }
        cat.dashboard_in(&e.workspace_name, &e.dashboard_id)
            .ok_or_else(|| {
                format!(
                    "{at}: dashboard {:?} not found in workspace {:?}",
                    e.dashboard_id, e.workspace_name
                )
            })?;
        if e.embed_type == "metric" {
            let m = e
                .metric_id
                .as_deref()
                .ok_or_else(|| format!("{at}: a metric embed needs metricId"))?;
            if cat.metric(m).is_none_or(|m| m.dashboard != e.dashboard_id) {
                return Err(format!(
                    "{at}: metric {m:?} is not on dashboard {:?}",
                    e.dashboard_id
                ));
            }
        }
        if !(e.access_settings.is_null()
            || e.access_settings.as_object().is_some_and(|m| m.is_empty()))
        {
            access_settings::check(Some(&e.access_settings), &cat, false, None)
                .map_err(|err| format!("{at}: {}", err.message))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::seed::Seed;

    #[test]
    fn default_seed_is_consistent() {
        Seed::default().validate().unwrap();
    }

    #[test]
    fn dangling_references_are_refused() {
        let mut seed = Seed::default();
        seed.data_apps[0].embeds[0].dashboard_id = "nope".into();
        assert!(seed.validate().unwrap_err().to_string().contains("nope"));
        let mut seed = Seed::default();
        seed.datamarts[0].datasource_name = "gone".into();
        assert!(seed.validate().is_err());
        let mut seed = Seed::default();
        seed.workspaces[0].connection_type = "SOMETHING".into();
        assert!(seed.validate().is_err());
        let mut seed = Seed::default();
        let dup = seed.workspaces[0].dashboards[0].clone();
        seed.workspaces[1].dashboards.push(dup);
        assert!(seed.validate().is_err());
    }
}
