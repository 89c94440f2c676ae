// Makes a fresh, empty PostgreSQL database for the large-data browser test (its name is the
// last path segment of DATABASE_URL); the server then migrates and seeds it at start.
import postgres from 'postgres';

const target = new URL(process.env.DATABASE_URL);
const name = target.pathname.slice(1);
if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`refusing an odd database name: ${name}`);
const admin = new URL(target);
admin.pathname = '/postgres';
const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} });
await sql.unsafe(`drop database if exists ${name} with (force)`);
await sql.unsafe(`create database ${name}`);
await sql.end();
