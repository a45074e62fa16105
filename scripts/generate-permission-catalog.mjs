#!/usr/bin/env node
// Derives, for every known restricted-key permission, the Twilio endpoints it opens, from Twilio's published
// OpenAPI specs (shipped in the exact-pinned devDependency @twilio-alpha/mcp). The output is committed data:
// packages/core/src/data/permission-catalog.json, plus the generated part of docs/permission-catalog.md.
//
// Rules, in order (docs/permission-catalog.md explains them with examples):
//   1. RESOURCES: an explicit row for `product/resource` names the spec paths of that resource.
//   2. A sub-resource of a RESOURCES row (`studio/executions.steps`) nests generically below it:
//      `<collection>/{Id}/<Name>`.
//   3. Otherwise ROOTS gives the spec roots of the product (or of a namespace such as `voice/sip`), and each
//      dotted name becomes a path segment: kebab-case → PascalCase, singular and plural both accepted.
//   Actions come from the shape of the path: `list` = GET on a collection, `read` = GET on an instance,
//   `create` = POST on a collection, `update` = POST on an instance, `delete` = DELETE on an instance,
//   `*` = every action of the resource. A row with `actions` overrides that for one path, and says why.
// Every path in the tables is checked against the specs: a row naming a path or method the specs do not have
// stops the generator, so the catalog never holds an invented endpoint. A permission with no endpoint goes
// to `unmapped`, with the reason.
//
// Usage: node scripts/generate-permission-catalog.mjs [--out <catalog.json>] [--doc <doc.md>]
//   With no option it rewrites the committed catalog and the doc. With --out it writes only the catalog to
//   that file (and the doc only if --doc is given): the freshness test compares that file with the committed one.

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PERMISSIONS_FILE = join(ROOT, "packages/core/src/data/permissions.json");
const CATALOG_FILE = join(ROOT, "packages/core/src/data/permission-catalog.json");
const DOC_FILE = join(ROOT, "docs/permission-catalog.md");
const SPEC_PACKAGE = "@twilio-alpha/mcp";

const ACTIONS = ["read", "list", "create", "update", "delete"];
const METHOD_ORDER = ["GET", "POST", "DELETE"];

/** The account root of every API v2010 resource. */
const API = "/2010-04-01/Accounts/{AccountSid}";

// ---------------------------------------------------------------------------------------------------------------
// Mapping tables. Spec names are file names without `twilio_` and `.json` (api_v2010 = twilio_api_v2010.json).
// ---------------------------------------------------------------------------------------------------------------

/**
 * Where a product's resource names start. A key is a product or a product plus a namespace (the first dotted
 * names of a resource that are not resources themselves, e.g. `voice/sip`). The first name after a root is the
 * segment right after `base`; each further name sits after an id: `<base>/Workspaces/{Id}/Tasks`.
 */
const ROOTS = {
  "event-streams": [{ spec: "events_v1", base: "/v1" }],
  iam: [{ spec: "iam_v1", base: "/v1" }],
  messaging: [
    { spec: "api_v2010", base: API },
    { spec: "messaging_v1", base: "/v1" },
  ],
  monitor: [{ spec: "monitor_v1", base: "/v1" }],
  "phone-numbers": [{ spec: "api_v2010", base: API }],
  "phone-numbers/regulatory-compliance": [{ spec: "numbers_v2", base: "/v2/RegulatoryCompliance" }],
  // Studio v1 is the same Flows/Executions resource as v2, still served; both are opened.
  studio: [
    { spec: "studio_v2", base: "/v2" },
    { spec: "studio_v1", base: "/v1" },
  ],
  taskrouter: [{ spec: "taskrouter_v1", base: "/v1" }],
  verify: [
    { spec: "verify_v2", base: "/v2" },
    { spec: "verify_v2", base: "/v2/Services/{ServiceSid}" },
  ],
  video: [{ spec: "video_v1", base: "/v1" }],
  voice: [
    { spec: "api_v2010", base: API },
    { spec: "voice_v1", base: "/v1" },
  ],
  "voice/sip": [
    { spec: "api_v2010", base: `${API}/SIP` },
    { spec: "voice_v1", base: "/v1" },
  ],
  "voice/insights": [{ spec: "insights_v1", base: "/v1" }],
  "voice/intelligence": [{ spec: "intelligence_v2", base: "/v2" }],
};

/** A read-only singleton or list whose only permission is `list`: the GET belongs to that permission. */
const LIST_BY_GET = { list: ["GET"] };
const WHY_STATISTICS =
  "TaskRouter statistics are granted only as `list`, whether the spec models them as a list or not";

/**
 * Resources whose names differ from the spec, or that live on several hosts. `path` is the collection (or the
 * singleton) in template form, without `.json`; the instance `<path>/{Id}` is found in the spec. A row with
 * `actions` maps exactly that path: action → methods, overriding the shape rule, and must say `why`.
 */
const RESOURCES = {
  // billing
  "billing/usage": [
    "Records",
    "Records/AllTime",
    "Records/Daily",
    "Records/LastMonth",
    "Records/Monthly",
    "Records/ThisMonth",
    "Records/Today",
    "Records/Yearly",
    "Records/Yesterday",
  ].map((records) => ({
    spec: "api_v2010",
    path: `${API}/Usage/${records}`,
    actions: { read: ["GET"] },
    why: "Usage is granted only as `read`; its records are read-only lists",
  })),

  // event-streams
  "event-streams/event-type": [{ spec: "events_v1", path: "/v1/Types" }],

  // iam
  "iam/accounts": [{ spec: "api_v2010", path: "/2010-04-01/Accounts" }],
  "iam/api-keys": [
    { spec: "iam_v1", path: "/v1/Keys" },
    { spec: "api_v2010", path: `${API}/Keys` },
    { spec: "api_v2010", path: `${API}/SigningKeys` },
  ],
  "iam/public-keys": [{ spec: "accounts_v1", path: "/v1/Credentials/PublicKeys" }],

  // lookup: v1 is the older view of the same lookup, still served.
  "lookup/phone-numbers": [
    { spec: "lookups_v2", path: "/v2/PhoneNumbers" },
    { spec: "lookups_v1", path: "/v1/PhoneNumbers" },
  ],

  // messaging
  "messaging/content-templates": [
    { spec: "content_v1", path: "/v1/Content" },
    { spec: "content_v2", path: "/v2/Content" },
  ],
  "messaging/deactivations": [
    {
      spec: "messaging_v1",
      path: "/v1/Deactivations",
      actions: LIST_BY_GET,
      why: "the spec models the daily deactivation report as a singleton; the permission is `list`",
    },
  ],
  "messaging/pricing": [{ spec: "pricing_v1", path: "/v1/Messaging/Countries" }],
  "messaging/services.usa2p-campaign": [
    { spec: "messaging_v1", path: "/v1/Services/{MessagingServiceSid}/Compliance/Usa2p" },
  ],
  "messaging/services.usa2p-usecase": [
    { spec: "messaging_v1", path: "/v1/Services/{MessagingServiceSid}/Compliance/Usa2p/Usecases" },
    { spec: "messaging_v1", path: "/v1/Services/Usecases" },
  ],
  "messaging/whatsapp-senders": [{ spec: "messaging_v2", path: "/v2/Channels/Senders" }],

  // phone-numbers
  "phone-numbers/active-numbers": ["", "/Local", "/Mobile", "/TollFree"].map((kind) => ({
    spec: "api_v2010",
    path: `${API}/IncomingPhoneNumbers${kind}`,
  })),
  "phone-numbers/available-numbers": [
    { spec: "api_v2010", path: `${API}/AvailablePhoneNumbers` },
    ...["Local", "MachineToMachine", "Mobile", "National", "SharedCost", "TollFree", "Voip"].map((kind) => ({
      spec: "api_v2010",
      path: `${API}/AvailablePhoneNumbers/{CountryCode}/${kind}`,
    })),
  ],
  "phone-numbers/regulatory-compliance.bundle-copies": [
    { spec: "numbers_v2", path: "/v2/RegulatoryCompliance/Bundles/{BundleSid}/Copies" },
  ],
  "phone-numbers/regulatory-compliance.bundles.replace-items": [
    {
      spec: "numbers_v2",
      path: "/v2/RegulatoryCompliance/Bundles/{BundleSid}/ReplaceItems",
      actions: { update: ["POST"] },
      why: "replacing a bundle's items changes the bundle; the permission is `update`",
    },
  ],
  "phone-numbers/regulatory-compliance.end-users-types": [
    { spec: "numbers_v2", path: "/v2/RegulatoryCompliance/EndUserTypes" },
  ],
  "phone-numbers/regulatory-compliance.evaluations": [
    { spec: "numbers_v2", path: "/v2/RegulatoryCompliance/Bundles/{BundleSid}/Evaluations" },
  ],
  "phone-numbers/regulatory-compliance.item-assignments": [
    { spec: "numbers_v2", path: "/v2/RegulatoryCompliance/Bundles/{BundleSid}/ItemAssignments" },
  ],
  "phone-numbers/regulatory-compliance.supporting-documents-types": [
    { spec: "numbers_v2", path: "/v2/RegulatoryCompliance/SupportingDocumentTypes" },
  ],

  // studio
  "studio/executions": [
    { spec: "studio_v2", path: "/v2/Flows/{FlowSid}/Executions" },
    { spec: "studio_v1", path: "/v1/Flows/{FlowSid}/Executions" },
  ],
  "studio/flows.validate": [
    {
      spec: "studio_v2",
      path: "/v2/Flows/Validate",
      actions: { update: ["POST"] },
      why: "validation is granted as `update`; the spec has only a POST on /Flows/Validate",
    },
  ],
  "studio/test-users": [{ spec: "studio_v2", path: "/v2/Flows/{Sid}/TestUsers" }],

  // taskrouter statistics: every one is `list`, whatever its shape.
  "taskrouter/workspaces.statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Statistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.cumulative-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/CumulativeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.real-time-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/RealTimeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  // `statistics` is every queue's statistics (a list); `instance-statistics` is one queue's.
  "taskrouter/workspaces.task-queues.statistics": [
    { spec: "taskrouter_v1", path: "/v1/Workspaces/{WorkspaceSid}/TaskQueues/Statistics" },
  ],
  "taskrouter/workspaces.task-queues.instance-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/Statistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.task-queues.cumulative-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/CumulativeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.task-queue.real-time-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/TaskQueues/{TaskQueueSid}/RealTimeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.task-queue.bulk-real-time-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/TaskQueues/RealTimeStatistics",
      actions: { list: ["POST"] },
      why: "the bulk query carries its queue list in a POST body but only reads; the permission is `list`",
    },
  ],
  "taskrouter/workspaces.workers.statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workers/Statistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.workers.instance-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workers/{WorkerSid}/Statistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.workers.cumulative-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workers/CumulativeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.workers.real-time-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workers/RealTimeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.workflows.statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/Statistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.workflows.cumulative-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/CumulativeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],
  "taskrouter/workspaces.workflows.real-time-statistics": [
    {
      spec: "taskrouter_v1",
      path: "/v1/Workspaces/{WorkspaceSid}/Workflows/{WorkflowSid}/RealTimeStatistics",
      actions: LIST_BY_GET,
      why: WHY_STATISTICS,
    },
  ],

  // verify: most resources hang off a service without naming it in the permission.
  "verify/bucket": [{ spec: "verify_v2", path: "/v2/Services/{ServiceSid}/RateLimits/{RateLimitSid}/Buckets" }],
  "verify/challenge": [{ spec: "verify_v2", path: "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges" }],
  "verify/factor": [{ spec: "verify_v2", path: "/v2/Services/{ServiceSid}/Entities/{Identity}/Factors" }],
  "verify/push-notification": [
    {
      spec: "verify_v2",
      path: "/v2/Services/{ServiceSid}/Entities/{Identity}/Challenges/{ChallengeSid}/Notifications",
    },
  ],
  "verify/safelist": [{ spec: "verify_v2", path: "/v2/SafeList/Numbers" }],
  "verify/verification-attempt": [{ spec: "verify_v2", path: "/v2/Attempts" }],
  "verify/verification-attempts-summary": [{ spec: "verify_v2", path: "/v2/Attempts/Summary" }],
  "verify/verification-template": [{ spec: "verify_v2", path: "/v2/Templates" }],

  // video
  "video/compositions.composition-hooks": [{ spec: "video_v1", path: "/v1/CompositionHooks" }],
  "video/compositions.composition-settings": [{ spec: "video_v1", path: "/v1/CompositionSettings/Default" }],
  "video/recordings.recording-settings": [{ spec: "video_v1", path: "/v1/RecordingSettings/Default" }],
  "video/rooms.participants.subscribe-rules": [
    {
      spec: "video_v1",
      path: "/v1/Rooms/{RoomSid}/Participants/{ParticipantSid}/SubscribeRules",
      actions: { list: ["GET"], update: ["POST"] },
      why: "the POST replaces the participant's rule set (no rule is created on its own); the permission is `update`",
    },
  ],
  "video/rooms.recording-rules": [
    {
      spec: "video_v1",
      path: "/v1/Rooms/{RoomSid}/RecordingRules",
      actions: { list: ["GET"], update: ["POST"] },
      why: "the POST replaces the room's rule set (no rule is created on its own); the permission is `update`",
    },
  ],

  // voice: call control and recordings
  "voice/recordings.add-ons": [{ spec: "api_v2010", path: `${API}/Recordings/{ReferenceSid}/AddOnResults` }],
  "voice/twiml.apps": [{ spec: "api_v2010", path: `${API}/Applications` }],

  // voice: insights
  "voice/insights.call.annotations": [{ spec: "insights_v1", path: "/v1/Voice/{CallSid}/Annotation" }],
  "voice/insights.call.events": [{ spec: "insights_v1", path: "/v1/Voice/{CallSid}/Events" }],
  "voice/insights.call.metrics": [{ spec: "insights_v1", path: "/v1/Voice/{CallSid}/Metrics" }],
  "voice/insights.call.summaries": [
    { spec: "insights_v1", path: "/v1/Voice/Summaries" },
    { spec: "insights_v1", path: "/v1/Voice/{CallSid}/Summary" },
  ],
  "voice/insights.conference.participants": [
    { spec: "insights_v1", path: "/v1/Conferences/{ConferenceSid}/Participants" },
  ],
  "voice/insights.conference.summaries": [{ spec: "insights_v1", path: "/v1/Conferences" }],
  "voice/insights.settings": [{ spec: "insights_v1", path: "/v1/Voice/Settings" }],

  // voice: intelligence
  "voice/intelligence.operator-attachment": [
    {
      spec: "intelligence_v2",
      path: "/v2/Services/{ServiceSid}/Operators",
      actions: LIST_BY_GET,
      why: "listing a service's attached operators is a GET the spec models as a singleton; the permission is `list`",
    },
    {
      spec: "intelligence_v2",
      path: "/v2/Services/{ServiceSid}/Operators/{OperatorSid}",
      actions: { create: ["POST"], delete: ["DELETE"] },
      why: "attaching is a POST on the operator's path under the service; the permission is `create`",
    },
  ],
  "voice/intelligence.operator-results": [
    { spec: "intelligence_v2", path: "/v2/Transcripts/{TranscriptSid}/OperatorResults" },
  ],
  "voice/intelligence.operator.custom": [{ spec: "intelligence_v2", path: "/v2/Operators/Custom" }],
  "voice/intelligence.operator.prebuilt": [{ spec: "intelligence_v2", path: "/v2/Operators/PreBuilt" }],
  "voice/intelligence.transcript-media": [{ spec: "intelligence_v2", path: "/v2/Transcripts/{Sid}/Media" }],
  "voice/intelligence.transcript-sentences": [
    {
      spec: "intelligence_v2",
      path: "/v2/Transcripts/{TranscriptSid}/Sentences",
      actions: { read: ["GET"] },
      why: "a transcript's sentences are read as one list; the permission is `read`",
    },
  ],

  // voice: SIP (api 2010 SIP/…, elastic SIP trunking on trunking v1)
  "voice/sip.domains.auth.calls.credential-list-mappings": [
    { spec: "api_v2010", path: `${API}/SIP/Domains/{DomainSid}/Auth/Calls/CredentialListMappings` },
  ],
  "voice/sip.domains.auth.registrations.credential-list-mappings": [
    { spec: "api_v2010", path: `${API}/SIP/Domains/{DomainSid}/Auth/Registrations/CredentialListMappings` },
  ],
  // The domain-level mapping; the permission names no parent, and no other IP ACL mapping permission exists.
  "voice/sip.ip-acl-mappings": [
    { spec: "api_v2010", path: `${API}/SIP/Domains/{DomainSid}/IpAccessControlListMappings` },
  ],
  "voice/sip.ip-acls": [{ spec: "api_v2010", path: `${API}/SIP/IpAccessControlLists` }],
  "voice/sip.trunks": [{ spec: "trunking_v1", path: "/v1/Trunks" }],
  // A trunk's credential lists and IP ACLs are what authenticates its (termination) calls.
  "voice/sip.trunks.auth.calls.credential-list-mappings": [
    { spec: "trunking_v1", path: "/v1/Trunks/{TrunkSid}/CredentialLists" },
  ],
  "voice/sip.trunks.auth.calls.ip-acl-mappings": [
    { spec: "trunking_v1", path: "/v1/Trunks/{TrunkSid}/IpAccessControlLists" },
  ],
};

/**
 * Account management as a property of endpoints, not of permission names or hosts. Twilio closes these to standard
 * keys ("everything except managing API keys, account configuration and subaccounts"):
 * - `management`: the Key APIs (iam v1, api 2010 Keys and SigningKeys), reading and listing accounts, and the account's
 *   credential and configuration resources of accounts v1. Restricted keys reach them only through a permission.
 * - `account-admin`: creating and updating accounts and rotating Auth Tokens. No permission exists for them, so no API
 *   key policy reaches them; only the Auth Token and Main keys do.
 * Every other endpoint is a product endpoint. `methods` defaults to all the path's methods; each row is checked
 * against the specs, so a row naming a path or method the specs lack stops the generator.
 */
const ENDPOINT_CLASSES = [
  { class: "management", spec: "iam_v1", path: "/v1/Keys" },
  { class: "management", spec: "iam_v1", path: "/v1/Keys/{Sid}" },
  { class: "management", spec: "api_v2010", path: `${API}/Keys.json` },
  { class: "management", spec: "api_v2010", path: `${API}/Keys/{Sid}.json` },
  { class: "management", spec: "api_v2010", path: `${API}/SigningKeys.json` },
  { class: "management", spec: "api_v2010", path: `${API}/SigningKeys/{Sid}.json` },
  { class: "management", spec: "api_v2010", path: "/2010-04-01/Accounts.json", methods: ["GET"] },
  { class: "management", spec: "api_v2010", path: "/2010-04-01/Accounts/{Sid}.json", methods: ["GET"] },
  { class: "management", spec: "accounts_v1", path: "/v1/Credentials/AWS" },
  { class: "management", spec: "accounts_v1", path: "/v1/Credentials/AWS/{Sid}" },
  { class: "management", spec: "accounts_v1", path: "/v1/Credentials/PublicKeys" },
  { class: "management", spec: "accounts_v1", path: "/v1/Credentials/PublicKeys/{Sid}" },
  { class: "management", spec: "accounts_v1", path: "/v1/SafeList/Numbers" },
  { class: "account-admin", spec: "api_v2010", path: "/2010-04-01/Accounts.json", methods: ["POST"] },
  { class: "account-admin", spec: "api_v2010", path: "/2010-04-01/Accounts/{Sid}.json", methods: ["POST"] },
  { class: "account-admin", spec: "accounts_v1", path: "/v1/AuthTokens/Promote" },
  { class: "account-admin", spec: "accounts_v1", path: "/v1/AuthTokens/Secondary" },
];

/** Resources known not to be in the specs: why, so the doc says more than "not found". */
const UNMAPPED_REASONS = {
  "flex/insights.historical-reports": "Flex Insights historical reports have no path in the published flex-api specs",
  "flex/scv-certificate": "no SCV certificate path in the published flex-api specs",
  "iam/account-oauth-apps": "no Account OAuthApps path in twilio_iam_v1.json of this release",
  "microvisor/device-cert": "Microvisor's API is not among the specs shipped in the package",
  "phone-numbers/address-service":
    "no resource of that name; Addresses (api 2010) has list/update/delete the permission lacks, so mapping it would be a guess",
  "verify/rule": "no Rules resource in verify v2",
  "voice/request-inspector": "Request Inspector is a Console feature with no REST path in the specs",
  "voice/sip.emergency-addresses": "no emergency-address path under api 2010 SIP, trunking or voice v1",
};

// ---------------------------------------------------------------------------------------------------------------
// Spec index
// ---------------------------------------------------------------------------------------------------------------

function findSpecDirectory() {
  const require = createRequire(join(ROOT, "package.json"));
  let manifest;
  try {
    manifest = require.resolve(`${SPEC_PACKAGE}/package.json`);
  } catch {
    return undefined;
  }
  const directory = join(dirname(manifest), "twilio-oai/spec/json");
  if (!existsSync(directory)) return undefined;
  return { directory, version: JSON.parse(readFileSync(manifest, "utf8")).version };
}

/** `/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json` → `2010-04-01/Accounts/{}/Calls/{}`: names and `.json` aside. */
function shapeOf(path) {
  return path
    .split("/")
    .filter((segment) => segment !== "")
    .map((segment) => segment.replace(/\.json$/, ""))
    .map((segment) => (segment.startsWith("{") ? "{}" : segment))
    .join("/");
}

function hostOf(url) {
  // `https://flex-api.twilio.com` → `flex-api`: the product part of the hostname, as the route tree keys it.
  return new URL(url).hostname.split(".")[0];
}

function loadSpecs(directory) {
  const specs = new Map();
  for (const file of readdirSync(directory).sort()) {
    if (!file.endsWith(".json")) continue;
    const document = JSON.parse(readFileSync(join(directory, file), "utf8"));
    const defaultServer = document.servers?.[0]?.url;
    const paths = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const server = item.servers?.[0]?.url ?? defaultServer;
      if (server === undefined) continue;
      paths.push({
        path,
        shape: shapeOf(path),
        pathType: item["x-twilio"]?.pathType,
        methods: METHOD_ORDER.filter((method) => item[method.toLowerCase()] !== undefined),
        host: hostOf(server),
      });
    }
    specs.set(file.replace(/^twilio_/, "").replace(/\.json$/, ""), {
      file,
      version: document.info?.version ?? "unknown",
      paths,
    });
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------------------------

/** Kebab or Pascal, singular or plural, to one comparable form: `task-queues`, `TaskQueue` → `taskqueue`. */
function normalizeName(name) {
  const flat = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  if (flat.endsWith("ies")) return `${flat.slice(0, -3)}y`;
  if (flat.endsWith("s")) return flat.slice(0, -1);
  return flat;
}

/** Static segments of the spec that follow `prefix` and spell `name`. */
function segmentsNamed(spec, prefix, name) {
  const wanted = normalizeName(name);
  const found = new Set();
  const start = prefix === "" ? 0 : prefix.split("/").length;
  for (const { shape } of spec.paths) {
    if (prefix !== "" && !shape.startsWith(`${prefix}/`)) continue;
    const segment = shape.split("/")[start];
    if (segment !== undefined && segment !== "{}" && normalizeName(segment) === wanted) found.add(segment);
  }
  return [...found].sort();
}

/** Walks dotted names down from `shape`: the first one adjacent when `adjacent`, each next one after an id. */
function descend(spec, shape, names, adjacent) {
  let shapes = [shape];
  names.forEach((name, index) => {
    const next = [];
    for (const current of shapes) {
      const prefix = index === 0 && adjacent ? current : `${current}/{}`;
      for (const segment of segmentsNamed(spec, prefix, name)) next.push(`${prefix}/${segment}`);
    }
    shapes = next;
  });
  return shapes;
}

function requireSpec(specs, name) {
  const spec = specs.get(name);
  if (spec === undefined) throw new Error(`Mapping table names spec '${name}', which the package does not ship`);
  return spec;
}

/**
 * The places in the specs where `product/resource` lives: `{ spec, shape, actions?, why?, how }`. `shape` is a
 * collection or singleton; `how` records which rule found it, for the doc.
 */
function locateResource(specs, product, resource) {
  const names = resource.split(".");
  const key = `${product}/${resource}`;
  const explicit = RESOURCES[key];
  if (explicit !== undefined) {
    return explicit.map((row) => ({
      ...row,
      spec: requireSpec(specs, row.spec),
      shape: shapeOf(row.path),
      how: "table",
    }));
  }
  for (let length = names.length - 1; length >= 1; length--) {
    const parent = RESOURCES[`${product}/${names.slice(0, length).join(".")}`];
    if (parent === undefined) continue;
    return parent
      .filter((row) => row.actions === undefined)
      .flatMap((row) => {
        const spec = requireSpec(specs, row.spec);
        return descend(spec, shapeOf(row.path), names.slice(length), false).map((shape) => ({
          spec,
          shape,
          how: "table + nesting",
        }));
      });
  }
  for (let length = names.length - 1; length >= 0; length--) {
    const namespace = length === 0 ? product : `${product}/${names.slice(0, length).join(".")}`;
    const roots = ROOTS[namespace];
    if (roots === undefined) continue;
    return roots.flatMap((root) => {
      const spec = requireSpec(specs, root.spec);
      return descend(spec, shapeOf(root.base), names.slice(length), true).map((shape) => ({
        spec,
        shape,
        how: "generic",
      }));
    });
  }
  return [];
}

/** The endpoints of one located resource, by action. Explicit rows must match the spec exactly. */
function endpointsByAction(location, key) {
  const byAction = Object.fromEntries(ACTIONS.map((action) => [action, []]));
  const { spec, shape } = location;
  const endpoint = (entry, method) => ({ host: entry.host, method, path: entry.path });

  if (location.actions !== undefined) {
    const entry = spec.paths.find((candidate) => candidate.shape === shape);
    if (entry === undefined) throw new Error(`${key}: ${location.path} is not a path of ${spec.file}`);
    for (const [action, methods] of Object.entries(location.actions)) {
      for (const method of methods) {
        if (!entry.methods.includes(method)) throw new Error(`${key}: ${spec.file} has no ${method} ${entry.path}`);
        byAction[action].push(endpoint(entry, method));
      }
    }
    return byAction;
  }

  const collections = spec.paths.filter((candidate) => candidate.shape === shape);
  const instances = spec.paths.filter((candidate) => candidate.shape === `${shape}/{}`);
  if (location.how === "table" && collections.length === 0 && instances.length === 0) {
    throw new Error(`${key}: neither ${location.path} nor an instance below it is a path of ${spec.file}`);
  }
  for (const entry of collections) {
    // A singleton (`/Voice/Settings`, `/Executions/{Id}/Context`) is an instance without an id of its own.
    const singleton = entry.pathType === "instance";
    for (const method of entry.methods) {
      if (method === "GET") byAction[singleton ? "read" : "list"].push(endpoint(entry, method));
      if (method === "POST") byAction[singleton ? "update" : "create"].push(endpoint(entry, method));
      if (method === "DELETE" && singleton) byAction.delete.push(endpoint(entry, method));
    }
  }
  for (const entry of instances) {
    for (const method of entry.methods) {
      const action = { GET: "read", POST: "update", DELETE: "delete" }[method];
      byAction[action].push(endpoint(entry, method));
    }
  }
  return byAction;
}

function compareEndpoints(a, b) {
  return (
    compareText(a.host, b.host) ||
    compareText(a.path, b.path) ||
    METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method)
  );
}

function compareText(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqueEndpoints(endpoints) {
  const seen = new Map();
  for (const endpoint of endpoints) seen.set(`${endpoint.host} ${endpoint.method} ${endpoint.path}`, endpoint);
  return [...seen.values()].sort(compareEndpoints);
}

/** The classified endpoints of {@link ENDPOINT_CLASSES}, each checked against its spec. */
function classifyEndpoints(specs) {
  const classified = [];
  for (const row of ENDPOINT_CLASSES) {
    const spec = specs.get(row.spec);
    const entry = spec?.paths.find((candidate) => candidate.path === row.path);
    if (entry === undefined) throw new Error(`ENDPOINT_CLASSES: ${row.spec} has no path ${row.path}`);
    for (const method of row.methods ?? entry.methods) {
      if (!entry.methods.includes(method))
        throw new Error(`ENDPOINT_CLASSES: ${row.spec} has no ${method} ${row.path}`);
      classified.push({ host: entry.host, method, path: row.path, class: row.class });
    }
  }
  const seen = new Set();
  for (const endpoint of classified) {
    const key = `${endpoint.host} ${endpoint.method} ${endpoint.path}`;
    if (seen.has(key)) throw new Error(`ENDPOINT_CLASSES classifies ${key} twice`);
    seen.add(key);
  }
  return classified.sort(compareEndpoints);
}

function buildCatalog(specs, packageVersion, known) {
  const resources = new Map();
  for (const entry of known) {
    const key = `${entry.product}/${entry.resource}`;
    if (!resources.has(key)) resources.set(key, { product: entry.product, resource: entry.resource });
  }

  const located = new Map();
  for (const [key, { product, resource }] of resources) {
    const locations = UNMAPPED_REASONS[key] === undefined ? locateResource(specs, product, resource) : [];
    if (UNMAPPED_REASONS[key] !== undefined && RESOURCES[key] !== undefined) {
      throw new Error(`${key} is both mapped and listed as unmapped`);
    }
    const byAction = Object.fromEntries(ACTIONS.map((action) => [action, []]));
    for (const location of locations) {
      const found = endpointsByAction(location, key);
      for (const action of ACTIONS) byAction[action].push(...found[action]);
    }
    located.set(key, { locations, byAction });
  }

  const permissions = {};
  const unmapped = [];
  const usedSpecs = new Set();
  for (const entry of [...known].sort((a, b) => compareText(a.permission, b.permission))) {
    const key = `${entry.product}/${entry.resource}`;
    const { locations, byAction } = located.get(key);
    const endpoints = uniqueEndpoints(
      entry.action === "*" ? ACTIONS.flatMap((action) => byAction[action]) : byAction[entry.action],
    );
    if (endpoints.length > 0) {
      permissions[entry.permission] = endpoints;
      for (const location of locations) usedSpecs.add(location.spec);
      continue;
    }
    let reason = UNMAPPED_REASONS[key];
    if (reason === undefined && locations.length === 0) reason = "no path in the specs matches this resource name";
    if (reason === undefined) {
      const where = [...new Set(locations.map((location) => `${location.spec.file}`))].join(", ");
      reason = `the resource's paths in ${where} have no endpoint for \`${entry.action}\``;
    }
    unmapped.push({ permission: entry.permission, reason });
  }

  const catalog = {
    generatedFrom: {
      package: `${SPEC_PACKAGE}@${packageVersion}`,
      specs: [...usedSpecs].map((spec) => `${spec.file} ${spec.version}`).sort(),
      permissions: "packages/core/src/data/permissions.json",
      generator: "scripts/generate-permission-catalog.mjs",
    },
    permissions,
    endpointClasses: classifyEndpoints(specs),
    unmapped,
  };
  return { catalog, located };
}

// ---------------------------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------------------------

/** Pretty JSON with one endpoint per line: reviewable in a diff, and about a third of the fully indented size. */
function formatCatalog(catalog) {
  const lines = ["{"];
  lines.push(`  "generatedFrom": ${JSON.stringify(catalog.generatedFrom, null, 2).replace(/\n/g, "\n  ")},`);
  lines.push('  "permissions": {');
  const entries = Object.entries(catalog.permissions);
  entries.forEach(([name, endpoints], index) => {
    lines.push(`    ${JSON.stringify(name)}: [`);
    endpoints.forEach((endpoint, at) => {
      const comma = at < endpoints.length - 1 ? "," : "";
      lines.push(
        `      ${JSON.stringify({ host: endpoint.host, method: endpoint.method, path: endpoint.path })}${comma}`,
      );
    });
    lines.push(`    ]${index < entries.length - 1 ? "," : ""}`);
  });
  lines.push("  },");
  lines.push('  "endpointClasses": [');
  catalog.endpointClasses.forEach((endpoint, index) => {
    lines.push(`    ${JSON.stringify(endpoint)}${index < catalog.endpointClasses.length - 1 ? "," : ""}`);
  });
  lines.push("  ],");
  lines.push('  "unmapped": [');
  catalog.unmapped.forEach((entry, index) => {
    lines.push(`    ${JSON.stringify(entry)}${index < catalog.unmapped.length - 1 ? "," : ""}`);
  });
  lines.push("  ]");
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

const DOC_START = "<!-- generated by scripts/generate-permission-catalog.mjs: start -->";
const DOC_END = "<!-- generated by scripts/generate-permission-catalog.mjs: end -->";

function formatDocSection(catalog, located, known) {
  const products = new Map();
  for (const entry of known) {
    const row = products.get(entry.product) ?? { known: 0, mapped: 0, endpoints: new Set() };
    row.known++;
    const endpoints = catalog.permissions[entry.permission];
    if (endpoints !== undefined) {
      row.mapped++;
      for (const endpoint of endpoints) row.endpoints.add(`${endpoint.host} ${endpoint.method} ${endpoint.path}`);
    }
    products.set(entry.product, row);
  }
  const allEndpoints = new Set(
    Object.values(catalog.permissions).flatMap((endpoints) =>
      endpoints.map((endpoint) => `${endpoint.host} ${endpoint.method} ${endpoint.path}`),
    ),
  );
  const mappedCount = Object.keys(catalog.permissions).length;

  const out = [DOC_START, ""];
  out.push(`Source: \`${catalog.generatedFrom.package}\`, ${catalog.generatedFrom.specs.length} spec files.`);
  out.push("");
  out.push("### Coverage");
  out.push("");
  out.push("| product | known permissions | mapped | unmapped | distinct endpoints |");
  out.push("|---|---:|---:|---:|---:|");
  for (const [product, row] of [...products].sort(([a], [b]) => compareText(a, b))) {
    out.push(`| ${product} | ${row.known} | ${row.mapped} | ${row.known - row.mapped} | ${row.endpoints.size} |`);
  }
  out.push(
    `| **total** | **${known.length}** | **${mappedCount}** | **${known.length - mappedCount}** | **${allEndpoints.size}** |`,
  );
  out.push("");
  out.push("### Unmapped permissions");
  out.push("");
  out.push("| permission | why |");
  out.push("|---|---|");
  for (const { permission, reason } of catalog.unmapped) out.push(`| \`${permission}\` | ${reason} |`);
  out.push("");
  out.push("### Action overrides");
  out.push("");
  out.push("Rows where the permission's action is not the one the shape rule gives. Each is a judgment, listed so");
  out.push("it can be reviewed; none adds a path the specs lack.");
  out.push("");
  out.push("| resource | endpoint | action → method | why |");
  out.push("|---|---|---|---|");
  for (const [key, rows] of Object.entries(RESOURCES).sort(([a], [b]) => compareText(a, b))) {
    const overrides = rows.filter((row) => row.actions !== undefined);
    const seen = new Set();
    for (const row of overrides) {
      const grants = Object.entries(row.actions)
        .map(([action, methods]) => `${action} → ${methods.join(", ")}`)
        .join("; ");
      const line = `| \`${key}\` | \`${row.path}\` | ${grants} | ${row.why} |`;
      if (!seen.has(line)) out.push(line);
      seen.add(line);
    }
  }
  out.push("");
  out.push("### Endpoints of mapped resources that no known permission opens");
  out.push("");
  out.push("The spec has these actions for the resource, but permissions.json has neither the action nor the");
  out.push("resource's `*`, so they are not in the catalog (a policy may still grant `…/*`: see above).");
  out.push("");
  out.push("| resource | action | endpoint |");
  out.push("|---|---|---|");
  for (const [key, { byAction }] of [...located].sort(([a], [b]) => compareText(a, b))) {
    const actions = new Set(known.filter((entry) => `${entry.product}/${entry.resource}` === key).map((e) => e.action));
    if (actions.has("*")) continue;
    for (const action of ACTIONS) {
      if (actions.has(action)) continue;
      for (const endpoint of uniqueEndpoints(byAction[action])) {
        out.push(`| \`${key}\` | ${action} | ${endpoint.host} ${endpoint.method} \`${endpoint.path}\` |`);
      }
    }
  }
  out.push("");
  out.push("### Where each resource was found");
  out.push("");
  out.push("`generic` = product root + kebab→Pascal names; `table` = a row of `RESOURCES`; `table + nesting` = a");
  out.push("sub-resource found generically below a row. Paths are collections (or singletons) in shape form.");
  out.push("");
  out.push("| resource | how | spec | path shape |");
  out.push("|---|---|---|---|");
  for (const [key, { locations }] of [...located].sort(([a], [b]) => compareText(a, b))) {
    if (locations.length === 0) {
      out.push(`| \`${key}\` | — | — | not found |`);
      continue;
    }
    for (const location of locations) {
      out.push(`| \`${key}\` | ${location.how} | ${location.spec.file} | \`/${location.shape}\` |`);
    }
  }
  out.push("");
  out.push(DOC_END);
  return out.join("\n");
}

function writeDoc(file, section) {
  const skeleton = `# Permission catalog\n\n${DOC_START}\n${DOC_END}\n`;
  const current = existsSync(file) ? readFileSync(file, "utf8") : skeleton;
  const start = current.indexOf(DOC_START);
  const end = current.indexOf(DOC_END);
  if (start === -1 || end === -1) throw new Error(`${file} lacks the generated-section markers`);
  writeFileSync(file, `${current.slice(0, start)}${section}${current.slice(end + DOC_END.length)}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

function parseArguments(argv) {
  const options = { out: CATALOG_FILE, doc: DOC_FILE };
  let custom = false;
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index];
    const value = argv[index + 1];
    if ((flag !== "--out" && flag !== "--doc") || value === undefined) {
      throw new Error(`Usage: generate-permission-catalog.mjs [--out <catalog.json>] [--doc <doc.md>] (got ${flag})`);
    }
    if (!custom) options.doc = undefined;
    custom = true;
    options[flag.slice(2)] = value;
    index++;
  }
  return options;
}

function main() {
  const options = parseArguments(process.argv.slice(2));
  const source = findSpecDirectory();
  if (source === undefined) {
    console.error(`${SPEC_PACKAGE} is not installed; run npm install (it is a devDependency).`);
    process.exit(2);
  }
  const specs = loadSpecs(source.directory);
  const known = JSON.parse(readFileSync(PERMISSIONS_FILE, "utf8")).permissions;
  const { catalog, located } = buildCatalog(specs, source.version, known);
  writeFileSync(options.out, formatCatalog(catalog));
  if (options.doc !== undefined) writeDoc(options.doc, formatDocSection(catalog, located, known));
  const mapped = Object.keys(catalog.permissions).length;
  console.log(`${mapped} of ${known.length} permissions mapped, ${catalog.unmapped.length} unmapped → ${options.out}`);
}

main();
