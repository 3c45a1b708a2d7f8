//! The management catalog: datasources, datamarts, workspaces, dashboards, metrics, embeds and
//! scheduled reports, as flat tables joined by name/id (like the rows of a real server's
//! database), so that the cascades (delete a data app → its embeds; delete a dashboard → its
//! metrics and embeds; delete an embed → its reports) are one `retain` each.
//!
//! Data apps and their keys stay in `state.rs`; embeds point at their data app by [`AppId`],
//! which survives renames.

use serde_json::{Map, Value, json};

use crate::seed::{Seed, SeedColumn, SeedTable};

/// Stable identity of a data app (names change on rename; indices shift on delete).
pub(crate) type AppId = u64;

/// When the seeded objects were "created": fixed, so the seed is deterministic.
pub(crate) const SEED_TIME: &str = "2024-01-15T09:30:00.000Z";

#[derive(Clone, Debug)]
pub(crate) struct Datasource {
    pub name: String,
    pub tables: Vec<SeedTable>,
}

#[derive(Clone, Debug)]
pub(crate) struct Datamart {
    pub id: String,
    pub name: String,
    pub datasource: String,
    /// The `tableList` as last sent (validated).
    pub tables: Vec<Value>,
    pub tenancy: Option<Value>,
    /// Its semantic layer in `get`'s shape; it goes with the datamart.
    pub semantic_layer: Option<Value>,
}

#[derive(Clone, Debug)]
pub(crate) struct Workspace {
    pub id: String,
    pub name: String,
    pub connection_type: String,
    pub datasource: Option<String>,
    pub datamart: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) struct Dashboard {
    pub id: String,
    pub name: String,
    pub workspace: String,
    pub metadata: Value,
}

#[derive(Clone, Debug)]
pub(crate) struct Metric {
    pub id: String,
    pub name: String,
    pub dashboard: String,
    pub is_published: bool,
    pub created_by_user: String,
    /// `Some(c)`: private to client `c`.
    pub client_id: Option<String>,
    pub query: Option<String>,
    pub columns: Vec<SeedColumn>,
    pub rows: Vec<Value>,
}

impl Metric {
    /// A private metric is visible only to its own client.
    pub(crate) fn visible_to(&self, client: &str) -> bool {
        self.client_id.as_deref().is_none_or(|c| c == client)
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Embed {
    pub id: String,
    pub app: AppId,
    pub name: String,
    pub embed_type: String,
    pub dashboard: String,
    pub metric: Option<String>,
    pub workspace: String,
    pub access: Map<String, Value>,
    /// `Some(c)`: a per-tenant dashboard embed.
    pub client_id: Option<String>,
    pub description: Option<String>,
    pub metadata: Value,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Report {
    pub id: String,
    pub embed: String,
    pub client_id: String,
    pub subject: String,
    pub charts: Vec<Value>,
    pub time: Value,
    pub created_by: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    pub datasources: Vec<Datasource>,
    pub datamarts: Vec<Datamart>,
    pub workspaces: Vec<Workspace>,
    pub dashboards: Vec<Dashboard>,
    pub metrics: Vec<Metric>,
    pub embeds: Vec<Embed>,
    pub reports: Vec<Report>,
}

impl Catalog {
    /// The catalog of a (validated) seed; data app `i` of the seed has `AppId` `i`.
    pub(crate) fn from_seed(seed: &Seed) -> Catalog {
        let mut c = Catalog {
            datasources: seed
                .datasources
                .iter()
                .map(|d| Datasource {
                    name: d.name.clone(),
                    tables: d.tables.clone(),
                })
                .collect(),
            datamarts: seed
                .datamarts
                .iter()
                .enumerate()
                .map(|(i, d)| Datamart {
                    id: format!("datamart-{}", i + 1),
                    name: d.name.clone(),
                    datasource: d.datasource_name.clone(),
                    tables: d.table_list.clone(),
                    tenancy: None,
                    semantic_layer: None,
                })
                .collect(),
            ..Catalog::default()
        };
        // Expanded once the datamarts and datasources are in (a layer reads their columns).
        for (i, d) in seed.datamarts.iter().enumerate() {
            if let Some(layer) = &d.semantic_layer {
                let dm = &c.datamarts[i];
                let source = c.datasource(&dm.datasource).map(|d| d.tables.as_slice()).unwrap_or_default();
                let blank = crate::semantic::blank_layer(&dm.tables, source);
                let expanded = crate::semantic::from_seed(&dm.name, blank, layer, SEED_TIME);
                c.datamarts[i].semantic_layer = Some(expanded);
            }
        }
        for (i, w) in seed.workspaces.iter().enumerate() {
            c.workspaces.push(Workspace {
                id: format!("workspace-{}", i + 1),
                name: w.name.clone(),
                connection_type: w.connection_type.clone(),
                datasource: w.datasource_name.clone(),
                datamart: w.datamart_name.clone(),
            });
            for d in &w.dashboards {
                c.dashboards.push(Dashboard {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    workspace: w.name.clone(),
                    metadata: d.metadata.clone(),
                });
                for m in &d.metrics {
                    c.metrics.push(Metric {
                        id: m.id.clone(),
                        name: m.name.clone(),
                        dashboard: d.id.clone(),
                        is_published: m.is_published,
                        created_by_user: m.created_by_user.clone(),
                        client_id: m.client_id.clone(),
                        query: m.query.clone(),
                        columns: m.columns.clone(),
                        rows: m.rows.clone(),
                    });
                }
            }
        }
        for (app, a) in seed.data_apps.iter().enumerate() {
            for e in &a.embeds {
                let default_name = e
                    .metric_id
                    .as_deref()
                    .and_then(|m| c.metric(m))
                    .map(|m| m.name.clone())
                    .or_else(|| c.dashboard(&e.dashboard_id).map(|d| d.name.clone()))
                    .unwrap_or_else(|| e.id.clone());
                c.embeds.push(Embed {
                    id: e.id.clone(),
                    app: app as AppId,
                    name: e.name.clone().unwrap_or(default_name),
                    embed_type: e.embed_type.clone(),
                    dashboard: e.dashboard_id.clone(),
                    metric: e.metric_id.clone(),
                    workspace: e.workspace_name.clone(),
                    access: e.access_settings.as_object().cloned().unwrap_or_default(),
                    client_id: e.client_id.clone(),
                    description: None,
                    metadata: Value::Null,
                    created_at: SEED_TIME.into(),
                    updated_at: SEED_TIME.into(),
                });
                for r in &e.reports {
                    c.reports.push(Report {
                        id: r.id.clone(),
                        embed: e.id.clone(),
                        client_id: r.client_id.clone(),
                        subject: r.subject.clone(),
                        charts: r.schedule_email_report_charts.clone(),
                        time: r.time_configurations.clone(),
                        created_by: r.created_by_identifier.clone(),
                    });
                }
            }
        }
        c
    }

    pub(crate) fn datasource(&self, name: &str) -> Option<&Datasource> {
        self.datasources.iter().find(|d| d.name == name)
    }

    pub(crate) fn datamart(&self, name: &str) -> Option<&Datamart> {
        self.datamarts.iter().find(|d| d.name == name)
    }

    pub(crate) fn workspace(&self, name: &str) -> Option<&Workspace> {
        self.workspaces.iter().find(|w| w.name == name)
    }

    pub(crate) fn dashboard(&self, id: &str) -> Option<&Dashboard> {
        self.dashboards.iter().find(|d| d.id == id)
    }

    /// The dashboard `id` if it lives in `workspace`.
    pub(crate) fn dashboard_in(&self, workspace: &str, id: &str) -> Option<&Dashboard> {
        self.dashboard(id).filter(|d| d.workspace == workspace)
    }

    pub(crate) fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id == id)
    }

    pub(crate) fn metrics_of<'a>(&'a self, dashboard: &'a str) -> impl Iterator<Item = &'a Metric> {
        self.metrics
            .iter()
            .filter(move |m| m.dashboard == dashboard)
    }

    pub(crate) fn embed(&self, id: &str) -> Option<&Embed> {
        self.embeds.iter().find(|e| e.id == id)
    }

    /// Embed `id` if it belongs to data app `app`: another app's embed does not exist for it.
    pub(crate) fn embed_of(&self, app: AppId, id: &str) -> Option<&Embed> {
        self.embed(id).filter(|e| e.app == app)
    }

    pub(crate) fn embed_of_mut(&mut self, app: AppId, id: &str) -> Option<&mut Embed> {
        self.embeds.iter_mut().find(|e| e.id == id && e.app == app)
    }

    pub(crate) fn embeds_of(&self, app: AppId) -> impl Iterator<Item = &Embed> {
        self.embeds.iter().filter(move |e| e.app == app)
    }

    /// Deletes embeds matching `pred` and their reports.
    pub(crate) fn delete_embeds(&mut self, pred: impl Fn(&Embed) -> bool) {
        let gone: Vec<String> = self
            .embeds
            .iter()
            .filter(|e| pred(e))
            .map(|e| e.id.clone())
            .collect();
        self.embeds.retain(|e| !gone.contains(&e.id));
        self.reports.retain(|r| !gone.contains(&r.embed));
    }

    /// Deletes a dashboard with its metrics and every embed of it (an embed of a dashboard
    /// that no longer exists could only fail later, so it goes at once).
    pub(crate) fn delete_dashboard(&mut self, id: &str) {
        self.dashboards.retain(|d| d.id != id);
        self.metrics.retain(|m| m.dashboard != id);
        self.delete_embeds(|e| e.dashboard == id);
    }

    /// Deletes a workspace and, through [`delete_dashboard`](Self::delete_dashboard), all it holds.
    pub(crate) fn delete_workspace(&mut self, name: &str) {
        self.workspaces.retain(|w| w.name != name);
        let dashboards: Vec<String> = self
            .dashboards
            .iter()
            .filter(|d| d.workspace == name)
            .map(|d| d.id.clone())
            .collect();
        for d in dashboards {
            self.delete_dashboard(&d);
        }
    }

    /// `{externalDashboardId, name, metadata}` of a dashboard (null if gone).
    pub(crate) fn external_dashboard(&self, id: &str) -> Value {
        self.dashboard(id).map_or(
            Value::Null,
            |d| json!({"externalDashboardId": d.id, "name": d.name, "metadata": d.metadata}),
        )
    }
}
