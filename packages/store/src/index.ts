export { createKyselyStore } from "./kysely-store.js";
export { type Engine, migrationsFor } from "./migrations.js";
export { migrateToLatest, openSqliteStore } from "./sqlite.js";
