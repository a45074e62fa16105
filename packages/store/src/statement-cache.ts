import type { SqliteDatabase, SqliteStatement } from "kysely";

/**
 * Kysely prepares a statement for every query it runs; on SQLite preparing costs more than running
 * a point lookup. Our queries come from a small fixed set of builders, so their SQL texts repeat and
 * each prepared statement can be reused. The map is bounded in case a caller ever builds SQL with
 * unbounded variety (e.g. IN lists of varying length).
 */
export function withStatementCache(database: SqliteDatabase, maxStatements = 256): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement === undefined) {
        statement = database.prepare(sql);
        if (statements.size >= maxStatements) statements.clear();
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
