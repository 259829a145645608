import "server-only";
import type { NamespaceSpec, WorkloadSpec } from "./homelab-catalog";
import { get, post, put } from "./route-requests";

// The homelab's app namespaces, each with a profile and access labels — and, for the demo, each
// mistake Sieve should surface: missing access labels, a wrong profile, no profile, a deny rule
// that blocks DNS, metrics on an unscraped port, enforcement left disabled.

/** A typical single-Deployment app. */
function app(name: string, image: string, port: number, extra: Partial<WorkloadSpec> = {}): WorkloadSpec {
  return { name, kind: "Deployment", replicas: 1, image, port, labels: { app: name }, ...extra };
}

export const APP_NAMESPACES: NamespaceSpec[] = [
  {
    name: "paperless",
    platform: false,
    ageDays: 210,
    profile: "standard",
    access: ["postgres", "dragonfly", "garage-s3"],
    purpose: "Document archive",
    workloads: [app("paperless-ngx", "ghcr.io/paperless-ngx/paperless-ngx:2.18.2", 8000)],
    route: {
      gateway: "external",
      host: "paperless",
      requests: [
        get("/api/documents/?page=1&page_size=25"),
        get("/api/ui_settings/"),
        post("/api/documents/post_document/"),
        get("/api/documents/1182/thumb/"),
        get("/accounts/login/", 302),
      ],
    },
  },
  {
    name: "immich",
    platform: false,
    ageDays: 180,
    profile: "internal-egress",
    access: ["postgres", "dragonfly"],
    purpose: "Photo library",
    workloads: [
      app("immich-server", "ghcr.io/immich-app/immich-server:v1.142.1", 2283, { metricsPort: 8081 }),
      app("immich-machine-learning", "ghcr.io/immich-app/immich-machine-learning:v1.142.1", 3003),
    ],
    route: {
      gateway: "internal",
      host: "photos",
      requests: [
        get("/api/timeline/buckets?size=MONTH"),
        get("/api/assets/5c1f0e2a/thumbnail?size=preview"),
        get("/api/server/ping"),
        post("/api/search/smart"),
      ],
    },
  },
  {
    name: "grafana-dashboards",
    platform: false,
    ageDays: 95,
    profile: "internal",
    purpose: "Family dashboards",
    workloads: [app("grafana", "docker.io/grafana/grafana:12.1.1", 3000)],
    route: {
      gateway: "internal",
      host: "dashboards",
      requests: [get("/d/home-energy/energy"), get("/api/search?query="), get("/public/build/app.js")],
    },
  },
  {
    name: "n8n",
    platform: false,
    ageDays: 61,
    profile: "internal-egress",
    access: ["postgres"],
    purpose: "Workflow automation",
    workloads: [app("n8n", "docker.n8n.io/n8nio/n8n:1.111.0", 5678)],
    route: {
      gateway: "internal",
      host: "n8n",
      requests: [post("/webhook/github-release"), get("/rest/workflows"), get("/healthz")],
    },
  },
  {
    name: "home-assistant",
    platform: false,
    ageDays: 350,
    profile: "internal-egress",
    access: ["postgres"],
    purpose: "Home automation",
    workloads: [app("home-assistant", "ghcr.io/home-assistant/home-assistant:2025.9.1", 8123)],
    route: {
      gateway: "internal",
      host: "home",
      requests: [get("/api/states"), get("/api/websocket", 101), get("/auth/authorize", 302)],
    },
  },
  {
    name: "miniflux",
    platform: false,
    ageDays: 290,
    profile: "standard",
    access: ["postgres"],
    purpose: "RSS reader",
    workloads: [app("miniflux", "ghcr.io/miniflux/miniflux:2.2.12", 8080, { metricsPort: 8080 })],
    route: {
      gateway: "external",
      host: "rss",
      requests: [get("/unread"), get("/v1/entries?status=unread&limit=100"), put("/v1/entries")],
    },
  },
  {
    name: "vaultwarden",
    platform: false,
    ageDays: 330,
    profile: "standard",
    access: ["postgres"],
    purpose: "Password manager",
    workloads: [app("vaultwarden", "ghcr.io/dani-garcia/vaultwarden:1.34.3", 80)],
    route: {
      gateway: "external",
      host: "vault",
      requests: [get("/api/sync?excludeDomains=true"), post("/identity/connect/token"), get("/alive")],
    },
  },
  {
    name: "batch-jobs",
    platform: false,
    ageDays: 150,
    profile: "isolated",
    access: ["postgres", "garage-s3"],
    purpose: "Nightly backups and maintenance jobs",
    workloads: [
      {
        name: "pg-backup",
        kind: "CronJob",
        replicas: 1,
        image: "ghcr.io/homelab/pg-backup:2025.09",
        port: 8080,
        labels: { app: "pg-backup" },
      },
      {
        name: "media-sync",
        kind: "CronJob",
        replicas: 1,
        image: "docker.io/rclone/rclone:1.71",
        port: 5572,
        labels: { app: "media-sync" },
      },
    ],
  },
  {
    name: "mealie",
    platform: false,
    ageDays: 44,
    profile: "internal",
    purpose: "Recipes",
    workloads: [app("mealie", "ghcr.io/mealie-recipes/mealie:v3.1.2", 9000)],
    route: {
      gateway: "internal",
      host: "recipes",
      requests: [get("/api/recipes?page=1&perPage=30"), get("/api/households/mealplans/today")],
    },
  },
  {
    name: "homepage",
    platform: false,
    ageDays: 120,
    profile: "internal",
    purpose: "Start page with cluster widgets",
    workloads: [app("homepage", "ghcr.io/gethomepage/homepage:v1.4.6", 3000)],
    route: {
      gateway: "internal",
      host: "start",
      requests: [get("/"), get("/api/widgets/kubernetes"), get("/api/services")],
    },
  },
  {
    name: "actions-runner",
    platform: false,
    ageDays: 73,
    profile: "internal-egress",
    access: ["kube-api"],
    purpose: "GitHub Actions runners",
    workloads: [
      {
        name: "homelab-runner",
        kind: "StatefulSet",
        replicas: 2,
        image: "ghcr.io/actions/actions-runner:2.328.0",
        port: 8080,
        metricsPort: 8080,
        labels: { app: "homelab-runner", "actions.github.com/scale-set-name": "homelab-runner" },
      },
    ],
  },
  {
    name: "stirling-pdf",
    platform: false,
    ageDays: 9,
    profile: "isolated",
    purpose: "PDF tools",
    workloads: [app("stirling-pdf", "docker.io/stirlingtools/stirling-pdf:1.3.2", 8080)],
    route: {
      gateway: "internal",
      host: "pdf",
      requests: [get("/"), post("/api/v1/convert/pdf/img")],
    },
  },
  {
    name: "uptime-kuma",
    platform: false,
    ageDays: 260,
    profile: "internal-egress",
    purpose: "Status page",
    workloads: [app("uptime-kuma", "docker.io/louislam/uptime-kuma:2.0.0", 3001)],
    route: {
      gateway: "internal",
      host: "status",
      requests: [get("/status/homelab"), get("/api/status-page/heartbeat/homelab")],
    },
  },
  {
    name: "jellyfin",
    platform: false,
    ageDays: 365,
    profile: "internal",
    purpose: "Media server",
    workloads: [app("jellyfin", "docker.io/jellyfin/jellyfin:10.10.7", 8096, { metricsPort: 8096 })],
    route: {
      gateway: "internal",
      host: "media",
      requests: [get("/Users/Me"), get("/Items/Latest?Limit=16"), get("/Videos/3f2a/stream.mp4", 206)],
    },
  },
  {
    name: "outline",
    platform: false,
    ageDays: 133,
    profile: "internal",
    access: ["postgres"],
    enforcementDisabledHoursAgo: 26,
    purpose: "Team wiki",
    workloads: [app("outline", "docker.io/outlinewiki/outline:0.86.1", 3000)],
    route: {
      gateway: "external",
      host: "wiki",
      requests: [post("/api/documents.list"), post("/api/auth.info"), get("/doc/runbooks-2x8kq")],
    },
  },
  {
    name: "scratch",
    platform: false,
    ageDays: 3,
    purpose: "Debugging playground",
    workloads: [
      {
        name: "netshoot",
        kind: "Pod",
        replicas: 1,
        image: "docker.io/nicolaka/netshoot:v0.14",
        port: 8080,
        labels: { run: "netshoot" },
      },
    ],
  },
  {
    name: "linkding",
    platform: false,
    ageDays: 57,
    profile: "internal",
    labels: { team: "Robert.-_Tables--0" },
    annotations: {
      "homelab/description": 'Bookmarks <img src=x onerror=alert(1)> & "quotes" </script>',
    },
    purpose: "Bookmarks",
    workloads: [app("linkding", "docker.io/sissbruecker/linkding:1.42.0", 9090)],
    route: {
      gateway: "internal",
      host: "links",
      requests: [get("/bookmarks"), get("/api/bookmarks/?limit=100"), post("/api/bookmarks/", 201)],
    },
  },
  {
    name: "nextcloud",
    platform: false,
    ageDays: 398,
    profile: "standard",
    access: ["postgres", "dragonfly", "garage-s3"],
    purpose: "Files and calendars",
    workloads: [app("nextcloud", "docker.io/library/nextcloud:31.0.9-apache", 80)],
    route: {
      gateway: "external",
      host: "cloud",
      requests: [
        { method: "PROPFIND", path: "/remote.php/dav/files/alex/", code: 207 },
        get("/ocs/v2.php/apps/notifications/api/v2/notifications", 200),
        { method: "PUT", path: "/remote.php/dav/files/alex/Photos/IMG_2041.jpg", code: 201 },
      ],
    },
  },
];
