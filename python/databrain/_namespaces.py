"""The management namespaces (``client.data_apps``, ...), generated from the core's OPERATIONS
table by ./scripts/gen-types: do not edit. Type checkers read ``_namespaces.pyi``; the classes
are built from the same table by ``databrain._management.build``."""

from ._management import build

FAMILIES = ('data_apps', 'api_tokens', 'embeds', 'dashboards', 'metrics', 'workspaces', 'datamarts', 'semantic_layer')

DataApps, ApiTokens, Embeds, Dashboards, Metrics, Workspaces, Datamarts, SemanticLayer, Families = build(FAMILIES, is_async=False)
AsyncDataApps, AsyncApiTokens, AsyncEmbeds, AsyncDashboards, AsyncMetrics, AsyncWorkspaces, AsyncDatamarts, AsyncSemanticLayer, AsyncFamilies = build(FAMILIES, is_async=True)

NAMESPACES = (DataApps, ApiTokens, Embeds, Dashboards, Metrics, Workspaces, Datamarts, SemanticLayer)
ASYNC_NAMESPACES = (AsyncDataApps, AsyncApiTokens, AsyncEmbeds, AsyncDashboards, AsyncMetrics, AsyncWorkspaces, AsyncDatamarts, AsyncSemanticLayer)
