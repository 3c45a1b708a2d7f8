//! Consistency of a seed's catalog: unique names and ids, references that resolve, documented
//! enum values, datamart tables that exist in their datasource, valid `accessSettings`. The
//! same validators as the API's, so a seed cannot hold what a client could not create.

use std::collections::HashSet;

use crate::catalog::Catalog;
use crate::management::{access_settings, table_list, workspaces};
use crate::seed::Seed;

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
pub(crate) fn catalog(seed: &Seed) -> Result<(), String> {
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
    }
    for w in &seed.workspaces {
        workspaces::check_connection(
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
