declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of a dumped, migrated PGlite data dir that each test file clones. */
    pgliteTemplatePath: string;
    /** Name of a migrated PostgreSQL database that each test file clones. */
    postgresTemplateName: string;
  }
}

export const TEST_DB_ENV = 'REFINERY_TEST_DB';
