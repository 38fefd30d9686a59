// drizzle-kit configuration: one schema file, generated migrations committed under server/db/migrations.
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "turso",
  schema: "./server/db/schema.ts",
  out: "./server/db/migrations",
  dbCredentials: {
    url: process.env.DATABASE_URL ?? "file:data/assay.db",
    authToken: process.env.DATABASE_AUTH_TOKEN,
  },
});
