export { createKyselyDirectory } from "./directory/kysely-directory.js";
export { directoryMigrations } from "./directory/migrations.js";
export { openSqliteDirectory } from "./directory/sqlite-directory.js";
export { createKyselyStore } from "./kysely-store.js";
export { type Engine, migrationsFor } from "./migrations.js";
export { migrateToLatest, openSqliteStore } from "./sqlite.js";
