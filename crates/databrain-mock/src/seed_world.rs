//! The default seed ([`Seed::default`]) and its catalog: a small, deterministic analytics
//! world (an e-commerce company with a Postgres production database and a Snowflake warehouse)
//! with enough in it for every management call to have something to list, embed, query,
//! export and delete. Ids are readable and fixed; metric rows are computed, not random.

use serde_json::{Value, json};

use crate::seed::{
    DEFAULT_API_KEY, DEFAULT_DATA_APP, DEFAULT_PORTAL_API_KEY, DEFAULT_PORTAL_DATA_APP,
    DEFAULT_SERVICE_TOKEN, Seed, SeedColumn, SeedDashboard, SeedDataApp, SeedDatamart,
    SeedDatasource, SeedEmbed, SeedMetric, SeedReport, SeedTable, SeedWorkspace,
};

/// Ids of the default seed's catalog, for tests and docs.
pub mod ids {
    /// Workspace on the `Sales Mart` datamart.
    pub const WORKSPACE_SALES: &str = "Sales";
    /// Workspace on the `snowflake-analytics` datasource.
    pub const WORKSPACE_PRODUCT: &str = "Product Analytics";
    /// A `MULTI_DATASOURCE` workspace.
    pub const WORKSPACE_FINANCE: &str = "Finance";
    /// Datamart over `postgres-prod` (tables `orders`, `customers`, `products`).
    pub const DATAMART_SALES: &str = "Sales Mart";
    /// Datamart over `snowflake-analytics` (tables `events`, `sessions`).
    pub const DATAMART_EVENTS: &str = "Events Mart";
    /// The production Postgres datasource.
    pub const DATASOURCE_POSTGRES: &str = "postgres-prod";
    /// The Snowflake warehouse datasource.
    pub const DATASOURCE_SNOWFLAKE: &str = "snowflake-analytics";
    /// Dashboard "Sales Overview" in `Sales` (4 metrics, one private to client `Team 1`).
    pub const DASHBOARD_SALES: &str = "dash-sales-overview";
    /// Dashboard "Customer Health" in `Sales`.
    pub const DASHBOARD_CUSTOMERS: &str = "dash-customer-health";
    /// Dashboard "Tenant Starter" in `Sales`: the template for per-tenant dashboards.
    pub const DASHBOARD_TEMPLATE: &str = "dash-tenant-template";
    /// Dashboard "Product Usage" in `Product Analytics`.
    pub const DASHBOARD_PRODUCT: &str = "dash-product-usage";
    /// Dashboard "Finance KPIs" in `Finance`.
    pub const DASHBOARD_FINANCE: &str = "dash-finance-kpis";
    /// Metric "Revenue by Month" of `dash-sales-overview` (12 rows: month, revenue, orders).
    pub const METRIC_REVENUE: &str = "met-revenue-by-month";
    /// Metric "Orders by Region" of `dash-sales-overview`.
    pub const METRIC_REGIONS: &str = "met-orders-by-region";
    /// Metric private to client `Team 1`, on `dash-sales-overview`.
    pub const METRIC_PRIVATE: &str = "met-team1-top-products";
    /// Dashboard embed of `dash-sales-overview`, data app `sales-dashboard`.
    pub const EMBED_SALES: &str = "emb-sales-overview";
    /// Metric embed of `met-revenue-by-month`, data app `sales-dashboard`.
    pub const EMBED_REVENUE: &str = "emb-revenue-metric";
    /// Dashboard embed of `dash-customer-health`, data app `Customer Portal Analytics`.
    pub const EMBED_PORTAL: &str = "emb-customer-health";
    /// The client that owns the private metric and the scheduled reports.
    pub const CLIENT_TEAM_1: &str = "Team 1";
}

use ids::*;

fn col(name: &str, data_type: &str) -> SeedColumn {
    SeedColumn {
        name: name.into(),
        data_type: data_type.into(),
    }
}

fn table(schema: &str, name: &str, columns: &[(&str, &str)]) -> SeedTable {
    SeedTable {
        schema_name: Some(schema.into()),
        name: name.into(),
        columns: columns.iter().map(|(n, t)| col(n, t)).collect(),
    }
}

fn metric(
    id: &str,
    name: &str,
    query: &str,
    columns: &[(&str, &str)],
    rows: Vec<Value>,
) -> SeedMetric {
    SeedMetric {
        id: id.into(),
        name: name.into(),
        is_published: true,
        created_by_user: "analyst@example.com".into(),
        client_id: None,
        query: Some(query.into()),
        columns: columns.iter().map(|(n, t)| col(n, t)).collect(),
        rows,
    }
}

fn dashboard(id: &str, name: &str, metrics: Vec<SeedMetric>) -> SeedDashboard {
    SeedDashboard {
        id: id.into(),
        name: name.into(),
        metadata: json!({"description": format!("{name} (seeded)")}),
        metrics,
    }
}

const REGIONS: [&str; 4] = ["North America", "Europe", "Asia Pacific", "Latin America"];

fn revenue_rows() -> Vec<Value> {
    (1..=12u32)
        .map(|m| {
            let orders = 100 + m * 17 % 41;
            json!({"month": format!("2024-{m:02}"), "revenue": f64::from(orders) * 52.5, "orders": orders})
        })
        .collect()
}

fn region_rows() -> Vec<Value> {
    REGIONS
        .iter()
        .zip([420, 310, 275, 96])
        .map(|(r, n)| json!({"region": r, "orders": n}))
        .collect()
}

fn access(datamart: &str) -> Value {
    json!({
        "datamartName": datamart,
        "isAllowAiPilot": false,
        "isAllowEmailReports": true,
        "isAllowManageMetrics": false,
        "isAllowCreateDashboardView": true,
        "isAllowMetricCreation": false,
        "isAllowMetricDeletion": false,
        "isAllowMetricLayoutChange": true,
        "isAllowMetricUpdate": false,
        "isAllowUnderlyingData": true,
        "joinModel": "single",
        "metricCreationMode": "DRAG_DROP",
        "tableTenancySettings": [{"name": "orders", "clientColumn": "customer_id"}]
    })
}

fn datasources() -> Vec<SeedDatasource> {
    vec![
        SeedDatasource {
            name: DATASOURCE_POSTGRES.into(),
            tables: vec![
                table(
                    "public",
                    "orders",
                    &[
                        ("id", "number"),
                        ("customer_id", "string"),
                        ("product_id", "number"),
                        ("region", "string"),
                        ("amount", "number"),
                        ("created_at", "date"),
                    ],
                ),
                table(
                    "public",
                    "customers",
                    &[
                        ("id", "string"),
                        ("name", "string"),
                        ("segment", "string"),
                        ("country", "string"),
                    ],
                ),
                table(
                    "public",
                    "products",
                    &[
                        ("id", "number"),
                        ("name", "string"),
                        ("category", "string"),
                        ("price", "number"),
                    ],
                ),
            ],
        },
        SeedDatasource {
            name: DATASOURCE_SNOWFLAKE.into(),
            tables: vec![
                table(
                    "analytics",
                    "events",
                    &[
                        ("event_id", "string"),
                        ("tenant_id", "string"),
                        ("name", "string"),
                        ("occurred_at", "date"),
                    ],
                ),
                table(
                    "analytics",
                    "sessions",
                    &[
                        ("session_id", "string"),
                        ("tenant_id", "string"),
                        ("duration_s", "number"),
                    ],
                ),
            ],
        },
    ]
}

fn datamarts() -> Vec<SeedDatamart> {
    vec![
        SeedDatamart {
            name: DATAMART_SALES.into(),
            datasource_name: DATASOURCE_POSTGRES.into(),
            table_list: vec![
                json!({"schemaName": "public", "name": "orders", "clientColumn": "customer_id", "label": "Orders",
                       "columns": [{"name": "id"}, {"name": "customer_id"}, {"name": "region"}, {"name": "amount", "label": "Amount (USD)"}, {"name": "created_at"}]}),
                json!({"schemaName": "public", "name": "customers", "clientColumn": "id",
                       "columns": [{"name": "id"}, {"name": "name"}, {"name": "segment"}]}),
                json!({"schemaName": "public", "name": "products",
                       "columns": [{"name": "id"}, {"name": "name"}, {"name": "category"}]}),
            ],
            semantic_layer: Some(json!({
                "tables": [
                    {"name": "orders", "description": "One row per order", "synonyms": ["purchases", "sales"],
                     "columns": [
                         {"name": "amount", "description": "Order total in USD", "synonyms": ["revenue"], "columnType": "Number"},
                         {"name": "region", "description": "Sales region", "columnType": "ENUM"},
                     ]},
                    {"name": "customers", "description": "Paying customers",
                     "columns": [{"name": "segment", "description": "SMB, mid-market or enterprise", "columnType": "ENUM"}]},
                ],
                "feedback": "Revenue means the sum of orders.amount.",
            })),
        },
        SeedDatamart {
            name: DATAMART_EVENTS.into(),
            datasource_name: DATASOURCE_SNOWFLAKE.into(),
            table_list: vec![
                json!({"schemaName": "analytics", "name": "events", "clientColumn": "tenant_id",
                       "columns": [{"name": "event_id"}, {"name": "tenant_id"}, {"name": "name"}, {"name": "occurred_at"}]}),
                json!({"schemaName": "analytics", "name": "sessions", "clientColumn": "tenant_id",
                       "columns": [{"name": "session_id"}, {"name": "tenant_id"}, {"name": "duration_s"}]}),
            ],
            semantic_layer: None,
        },
    ]
}

fn workspaces() -> Vec<SeedWorkspace> {
    let mut private = metric(
        METRIC_PRIVATE,
        "Team 1 Top Products",
        "SELECT p.name, SUM(o.amount) AS revenue FROM public.orders o JOIN public.products p ON p.id = o.product_id GROUP BY 1",
        &[("name", "string"), ("revenue", "number")],
        vec![
            json!({"name": "Widget Pro", "revenue": 1520.0}),
            json!({"name": "Gadget", "revenue": 880.5}),
        ],
    );
    private.client_id = Some(CLIENT_TEAM_1.into());
    private.created_by_user = CLIENT_TEAM_1.into();
    let mut draft = metric(
        "met-average-order-value",
        "Average Order Value",
        "SELECT AVG(amount) AS aov FROM public.orders",
        &[("aov", "number")],
        vec![json!({"aov": 52.5})],
    );
    draft.is_published = false;
    let sales = vec![
        dashboard(
            DASHBOARD_SALES,
            "Sales Overview",
            vec![
                metric(
                    METRIC_REVENUE,
                    "Revenue by Month",
                    "SELECT to_char(created_at, 'YYYY-MM') AS month, SUM(amount) AS revenue, COUNT(*) AS orders FROM public.orders GROUP BY 1",
                    &[
                        ("month", "string"),
                        ("revenue", "number"),
                        ("orders", "number"),
                    ],
                    revenue_rows(),
                ),
                metric(
                    METRIC_REGIONS,
                    "Orders by Region",
                    "SELECT region, COUNT(*) AS orders FROM public.orders GROUP BY 1",
                    &[("region", "string"), ("orders", "number")],
                    region_rows(),
                ),
                draft,
                private,
            ],
        ),
        dashboard(
            DASHBOARD_CUSTOMERS,
            "Customer Health",
            vec![
                metric(
                    "met-active-customers",
                    "Active Customers",
                    "SELECT segment, COUNT(*) AS customers FROM public.customers GROUP BY 1",
                    &[("segment", "string"), ("customers", "number")],
                    vec![
                        json!({"segment": "Enterprise", "customers": 42}),
                        json!({"segment": "SMB", "customers": 310}),
                    ],
                ),
                metric(
                    "met-churn-rate",
                    "Churn Rate",
                    "SELECT 0.043 AS churn_rate",
                    &[("churn_rate", "number")],
                    vec![json!({"churn_rate": 0.043})],
                ),
            ],
        ),
        dashboard(
            DASHBOARD_TEMPLATE,
            "Tenant Starter",
            vec![metric(
                "met-template-orders",
                "My Orders",
                "SELECT COUNT(*) AS orders FROM public.orders",
                &[("orders", "number")],
                vec![json!({"orders": 1101})],
            )],
        ),
    ];
    let product = vec![dashboard(
        DASHBOARD_PRODUCT,
        "Product Usage",
        vec![
            metric(
                "met-daily-active-users",
                "Daily Active Users",
                "SELECT DATE(occurred_at) AS day, COUNT(DISTINCT tenant_id) AS dau FROM analytics.events GROUP BY 1",
                &[("day", "date"), ("dau", "number")],
                (1..=7)
                    .map(|d| json!({"day": format!("2024-03-{d:02}"), "dau": 180 + d * 7}))
                    .collect(),
            ),
            metric(
                "met-session-length",
                "Average Session Length",
                "SELECT AVG(duration_s) AS seconds FROM analytics.sessions",
                &[("seconds", "number")],
                vec![json!({"seconds": 412.7})],
            ),
        ],
    )];
    let finance = vec![dashboard(
        DASHBOARD_FINANCE,
        "Finance KPIs",
        vec![metric(
            "met-gross-margin",
            "Gross Margin",
            "SELECT 0.61 AS gross_margin",
            &[("gross_margin", "number")],
            vec![json!({"gross_margin": 0.61})],
        )],
    )];
    vec![
        SeedWorkspace {
            name: WORKSPACE_SALES.into(),
            connection_type: "DATAMART".into(),
            datasource_name: None,
            datamart_name: Some(DATAMART_SALES.into()),
            dashboards: sales,
        },
        SeedWorkspace {
            name: WORKSPACE_PRODUCT.into(),
            connection_type: "DATASOURCE".into(),
            datasource_name: Some(DATASOURCE_SNOWFLAKE.into()),
            datamart_name: None,
            dashboards: product,
        },
        SeedWorkspace {
            name: WORKSPACE_FINANCE.into(),
            connection_type: "MULTI_DATASOURCE".into(),
            datasource_name: None,
            datamart_name: None,
            dashboards: finance,
        },
    ]
}

fn report(id: &str, client: &str, subject: &str, time: Value) -> SeedReport {
    SeedReport {
        id: id.into(),
        client_id: client.into(),
        subject: subject.into(),
        schedule_email_report_charts: vec![
            json!({"metricId": METRIC_REVENUE, "name": "Revenue by Month"}),
        ],
        time_configurations: time,
        created_by_identifier: None,
    }
}

fn embed(id: &str, dashboard: &str, workspace: &str, datamart: &str) -> SeedEmbed {
    SeedEmbed {
        id: id.into(),
        name: None,
        embed_type: "dashboard".into(),
        dashboard_id: dashboard.into(),
        metric_id: None,
        workspace_name: workspace.into(),
        access_settings: access(datamart),
        client_id: None,
        reports: Vec::new(),
    }
}

impl Default for Seed {
    /// The documented default: `sales-dashboard` with [`DEFAULT_API_KEY`], `Customer Portal
    /// Analytics` with [`DEFAULT_PORTAL_API_KEY`], one service token, no rate limit, and a
    /// small deterministic catalog (two datasources, two datamarts, three workspaces, five
    /// dashboards with metrics, three embeds, scheduled reports) so every management call has
    /// something to act on.
    fn default() -> Self {
        default_seed()
    }
}

/// The default seed (see [`Seed::default`]).
fn default_seed() -> Seed {
    let mut sales = embed(
        EMBED_SALES,
        DASHBOARD_SALES,
        WORKSPACE_SALES,
        DATAMART_SALES,
    );
    let mut weekly = report(
        "rep-weekly-sales",
        CLIENT_TEAM_1,
        "Weekly sales summary",
        json!({"frequency": "WEEKLY", "day": "MONDAY", "time": "09:00", "timezone": "America/New_York"}),
    );
    weekly.created_by_identifier = Some("analyst@team1.example".into());
    sales.reports = vec![
        weekly,
        report(
            "rep-daily-revenue",
            CLIENT_TEAM_1,
            "Daily revenue",
            json!({"frequency": "DAILY", "time": "07:30", "timezone": "Europe/Paris"}),
        ),
        report(
            "rep-acme-monthly",
            "acme",
            "Monthly review",
            json!({"frequency": "MONTHLY", "day": "1", "time": "08:00", "timezone": "UTC"}),
        ),
    ];
    let mut revenue = embed(
        EMBED_REVENUE,
        DASHBOARD_SALES,
        WORKSPACE_SALES,
        DATAMART_SALES,
    );
    revenue.embed_type = "metric".into();
    revenue.metric_id = Some(METRIC_REVENUE.into());
    revenue.name = Some("Revenue widget".into());
    let portal = embed(
        EMBED_PORTAL,
        DASHBOARD_CUSTOMERS,
        WORKSPACE_SALES,
        DATAMART_SALES,
    );
    let app = |name: &str, key: &str, embeds: Vec<SeedEmbed>| SeedDataApp {
        name: name.to_owned(),
        api_keys: vec![key.to_owned()],
        datasources: Vec::new(),
        embeds,
    };
    Seed {
        service_tokens: vec![DEFAULT_SERVICE_TOKEN.to_owned()],
        data_apps: vec![
            app(DEFAULT_DATA_APP, DEFAULT_API_KEY, vec![sales, revenue]),
            app(
                DEFAULT_PORTAL_DATA_APP,
                DEFAULT_PORTAL_API_KEY,
                vec![portal],
            ),
        ],
        rate_limit: None,
        datasources: datasources(),
        datamarts: datamarts(),
        workspaces: workspaces(),
    }
}
