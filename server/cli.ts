// The `assay` command line: migrate, serve, import, user and token creation, demo data, backup and restore,
// retention purge, audit-trail check.
import { createReadStream, statSync } from "node:fs";
import { parseArgs } from "node:util";
import { desc } from "drizzle-orm";
import { systemClock } from "./clock.js";
import { defaultDatabaseUrl, openDatabase } from "./db/client.js";
import { auditTrail, roles, type Role } from "./db/schema.js";
import { createApiToken, createUser } from "./auth/users.js";
import { configFromEnv, defaultConfig } from "./config.js";
import { AppError } from "./errors.js";
import { CsvDecodeError, parseCsvEncoding } from "./ingest/csv-encoding.js";
import { importTicketsCsv } from "./ingest/csv-import.js";
import { workerReadBytes } from "./ingest/csv-reader.js";
import { qualityCounts } from "./data-quality/offending-records.js";
import { localeFromEnv, translator } from "./i18n/index.js";
import { prepareDatabase } from "./startup.js";
import { systemContext } from "./context.js";

/** The language of the human output: ASSAY_LOCALE, else LC_ALL, LC_MESSAGES, LANG (English when none is ours). */
const t = translator(localeFromEnv(process.env));
const usage = () => `${t("cli.usage", { roles: roles.join(", ") })}

${t("accounts.cliUsage")}

${t("rulebooks.cliUsage")}`;

/** The organisation's settings the command line's verbs read (their time zone and language). */
const cliConfig = { ...defaultConfig, ...configFromEnv(process.env) };

async function open() {
  const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN);
  await prepareDatabase(database, systemClock);
  return database;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

function parseRole(value: string | undefined): Role {
  if (!value || !(roles as readonly string[]).includes(value)) throw new AppError("invalid", 400, t("cli.badRole", { roles: roles.join(", ") }));
  return value as Role;
}

function progressBar(done: number, total: number, rows: number, started: number): string {
  const width = 30;
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * width);
  const secs = (Date.now() - started) / 1000;
  const rate = secs > 0 ? Math.round(rows / secs) : 0;
  return `\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${t("cli.progress", { percent: (share * 100).toFixed(0).padStart(3), rows, rate })}`;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "serve": {
      const { runServer } = await import("./main.js");
      await runServer({ demo: rest.includes("--demo") });
      return -1; // keep running
    }
    case "migrate": {
      const database = await open();
      database.close();
      console.log(t("cli.migrated"));
      return 0;
    }
    case "demo": {
      const database = await open();
      const { loadDemoIfEmpty } = await import("./demo/load.js");
      await loadDemoIfEmpty(database, systemClock, (l) => console.log(l));
      database.close();
      return 0;
    }
    case "import": {
      const presets = await import("./ingest/presets/command.js");
      if (rest.some((a) => presets.presetOptions.includes(a.split("=")[0]))) {
        const database = await open();
        try {
          const started = Date.now();
          const tty = process.stderr.isTTY;
          const code = await presets.importTicketsCommand(
            rest,
            (use) => use(database.db, systemClock.now()),
            (file) => {
              const total = statSync(file).size;
              return (p) => {
                const line = progressBar(p.bytes, total, p.rows, started);
                if (tty) process.stderr.write(line);
                else if (p.rows % 100_000 === 0) process.stderr.write(line.trimStart() + "\n");
              };
            },
          );
          if (tty) process.stderr.write("\n");
          return code;
        } finally {
          database.close();
        }
      }
      const { values, positionals } = parseArgs({ args: rest, options: { encoding: { type: "string" } }, allowPositionals: true });
      const [entity, file] = positionals;
      if (entity !== "tickets" || !file || positionals.length > 2) throw new AppError("invalid", 400, t("cli.usageImport"));
      const encoding = parseCsvEncoding(values.encoding);
      const total = statSync(file).size;
      const database = await open();
      const started = Date.now();
      const tty = process.stderr.isTTY;
      try {
        let dataChange = 0;
        const result = await importTicketsCsv(database.db, systemClock.now(), "cli", createReadStream(file, { highWaterMark: 256 * 1024 }), {
          sourceName: `cli:${file}`,
          encoding,
          readInWorker: total >= workerReadBytes,
          onDataChange: (id) => (dataChange = id),
          onProgress: (p) => {
            const line = progressBar(p.bytes, total, p.rows, started);
            if (tty) process.stderr.write(line);
            else if (p.rows % 100_000 === 0) process.stderr.write(line.trimStart() + "\n");
          },
        });
        if (tty) process.stderr.write("\n");
        const seconds = (Date.now() - started) / 1000;
        const unchanged = result.received - result.inserted - result.updated;
        console.log(t("cli.imported", { file, received: result.received, inserted: result.inserted, updated: result.updated, unchanged, seconds }));
        const quality = await qualityCounts(database.db, { dataChangeId: dataChange });
        console.log(t("quality.cli.summary", { tickets: quality.tickets, incomplete: quality.incomplete, inconsistent: quality.inconsistent }));
        if (quality.offending) console.log(t("quality.cli.see", { id: dataChange }));
        console.log(JSON.stringify(result));
      } catch (e) {
        if (tty) process.stderr.write("\n");
        if (e instanceof CsvDecodeError) {
          // said in the reader's language; the API gives the same facts in English
          const message = t("cli.undecodable", { file, encoding: e.encoding === "utf-8" ? "UTF-8" : "GB18030", line: e.line, column: e.column });
          const hint = e.encoding === "utf-8" ? t(e.looksGb18030 ? "cli.hintGb18030" : "cli.hintEncoding") : null;
          throw new AppError("unsupported_media_type", 415, hint ? t("cli.withHint", { message, hint }) : message);
        }
        throw e;
      } finally {
        database.close();
      }
      return 0;
    }
    case "user": {
      const { values, positionals } = parseArgs({ args: rest, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, "password-stdin": { type: "boolean" } }, allowPositionals: true });
      const action = positionals[0];
      if (action === "reset-password" || action === "deactivate" || action === "reactivate") {
        if (!values.email || positionals.length > 1) throw new AppError("invalid", 400, t("accounts.cliUsageUser"));
        const password = action === "reset-password" ? await readStdin() : "";
        const database = await open();
        try {
          const { userCommand } = await import("./auth/user-command.js");
          console.log(await userCommand(systemContext({ database, clock: systemClock, config: { ...defaultConfig, timezone: process.env.ASSAY_TIMEZONE ?? "UTC" } }, "cli"), action, { email: values.email, password }, t));
        } finally {
          database.close();
        }
        return 0;
      }
      if (action !== "create") throw new AppError("invalid", 400, t("accounts.cliUsageUser"));
      const password = await readStdin();
      const database = await open();
      try {
        const user = await createUser({ ctx: systemContext({ database, clock: systemClock, config: cliConfig }, "cli"), input: { email: values.email, name: values.name, role: parseRole(values.role), password } });
        console.log(t("cli.userCreated", { email: user.email, role: user.role }));
      } finally {
        database.close();
      }
      return 0;
    }
    case "token": {
      const { values, positionals } = parseArgs({ args: rest, options: { name: { type: "string" }, role: { type: "string" } }, allowPositionals: true });
      if (positionals[0] !== "create") throw new AppError("invalid", 400, t("cli.usageToken"));
      const database = await open();
      try {
        const token = await createApiToken({ ctx: systemContext({ database, clock: systemClock, config: cliConfig }, "cli"), input: { data: { name: values.name, role: parseRole(values.role) } } });
        console.log(t("cli.tokenCreated", { name: token.name, role: token.role }));
        console.log(token.token);
      } finally {
        database.close();
      }
      return 0;
    }
    case "connector": {
      const { values, positionals } = parseArgs({
        args: rest,
        options: {
          name: { type: "string" }, url: { type: "string" }, queue: { type: "string" }, service: { type: "string" }, "token-env": { type: "string" },
          "token-stdin": { type: "boolean" }, schedule: { type: "string" }, mapping: { type: "string" },
        },
        allowPositionals: true,
      });
      const [action, arg] = positionals;
      const { systemContext } = await import("./context.js");
      if (action === "add" && arg === "rt" && positionals.length === 2) {
        const { readFileSync } = await import("node:fs");
        const { createConnector } = await import("./connectors/connectors.js");
        const input = {
          kind: "rt", name: values.name, url: values.url, queue: values.queue, service: values.service,
          token_env: values["token-env"], token: values["token-stdin"] ? await readStdin() : undefined,
          schedule: values.schedule, mapping: values.mapping ? JSON.parse(readFileSync(values.mapping, "utf8")) : undefined,
        };
        const database = await open();
        try {
          const created = await createConnector({ ctx: systemContext({ database, clock: systemClock, config: cliConfig }, "cli"), input });
          console.log(t("connectors.cliAdded", { name: created.name, queue: created.queue, url: created.url }));
          console.log(JSON.stringify(created));
        } finally {
          database.close();
        }
        return 0;
      }
      if (action === "sync" && arg && positionals.length === 2) {
        const { syncConnector } = await import("./connectors/rt/sync.js");
        const database = await open();
        try {
          const sync = await syncConnector({ ctx: systemContext({ database, clock: systemClock, config: cliConfig }, "cli"), input: { connector: arg } });
          if (sync.status === "succeeded") console.log(t("connectors.cliSynced", { name: arg, read: sync.tickets_read, changed: sync.tickets_changed }));
          else console.error(t("connectors.cliSyncFailed", { name: arg, error: sync.error ?? "" }));
          console.log(JSON.stringify(sync));
          return sync.status === "succeeded" ? 0 : 1;
        } finally {
          database.close();
        }
      }
      throw new AppError("invalid", 400, t("connectors.cliUsage"));
    }
    case "backup": {
      const [file] = rest;
      if (!file) throw new AppError("invalid", 400, t("cli.usageBackup"));
      const database = await open();
      try {
        const { backupDatabase } = await import("./operations/backup.js");
        await backupDatabase(database, file);
        console.log(t("cli.backupWritten", { file }));
      } finally {
        database.close();
      }
      return 0;
    }
    case "restore": {
      const [file] = rest;
      if (!file) throw new AppError("invalid", 400, t("cli.usageRestore"));
      const { restoreDatabase } = await import("./operations/restore.js");
      const result = await restoreDatabase(file, process.env.DATABASE_URL ?? defaultDatabaseUrl, systemClock.now());
      const database = await open(); // a backup from an older version is migrated now, not at the next start
      database.close();
      console.log(t("cli.restored", { target: result.target, file, tickets: result.tickets, entries: result.auditEntries }));
      if (result.previous) console.log(t("cli.restoredPrevious", { file: result.previous }));
      return 0;
    }
    case "purge": {
      const { values } = parseArgs({ args: rest, options: { before: { type: "string" }, "dry-run": { type: "boolean" } } });
      if (!values.before) throw new AppError("invalid", 400, t("cli.usagePurge"));
      const database = await open();
      try {
        const { purgeDeletedTickets } = await import("./operations/retention.js");
        const result = await purgeDeletedTickets(database.db, systemClock.now(), "cli", { before: values.before, dryRun: values["dry-run"] });
        console.log(t("cli.purged", { dryRun: String(result.dryRun), purged: result.purged, cutoff: result.cutoff }));
        console.log(JSON.stringify({ purged: result.purged, cutoff: result.cutoff, dry_run: result.dryRun }));
      } finally {
        database.close();
      }
      return 0;
    }
    case "notify": {
      if (!rest.includes("--now")) throw new AppError("invalid", 400, t("notifications.cli.usage"));
      const database = await open();
      try {
        const { runNotifications } = await import("./notifications/notify-run.js");
        const { notifyConfigFromEnv } = await import("./notifications/config.js");
        const { configFromEnv } = await import("./config.js");
        const pass = await runNotifications({ database, clock: systemClock, config: notifyConfigFromEnv(process.env), timezone: configFromEnv(process.env).timezone });
        console.log(t("notifications.cli.scanned", { n: pass.enqueued }));
        console.log(t("notifications.cli.sent", { sent: pass.sent, retried: pass.retried, failed: pass.failed }));
        console.log(JSON.stringify(pass));
        return pass.failed > 0 ? 2 : 0;
      } finally {
        database.close();
      }
    }
    case "rulebook": {
      const { values, positionals } = parseArgs({ args: rest, options: { fixtures: { type: "string" }, version: { type: "string" } }, allowPositionals: true });
      const [action, arg] = positionals;
      const { readFileSync } = await import("node:fs");
      const usageError = () => new AppError("invalid", 400, t("rulebooks.cliUsage"));
      if (!arg || positionals.length !== 2) throw usageError();
      if (action === "lint") {
        const { formatIssue, parseRulebookText } = await import("../audits/rulebooks/format.js");
        const parsed = parseRulebookText(readFileSync(arg, "utf8"));
        if (parsed.issues.length) {
          console.error(t("rulebooks.cli.lintErrors", { file: arg, n: parsed.issues.length }));
          for (const i of parsed.issues) console.error(`${arg}:${formatIssue(i)}`);
          return 1;
        }
        console.log(t("rulebooks.cli.lintOk", { file: arg, rules: parsed.rulebook!.rules.length, ref: parsed.rulebook!.version }));
        return 0;
      }
      if (action === "import") {
        const text = readFileSync(arg, "utf8");
        const database = await open();
        try {
          const { importRulebook } = await import("../audits/rulebooks/store.js");
          const outcome = await importRulebook({ ctx: systemContext({ database, clock: systemClock, config: cliConfig }, "cli"), input: { source: text } });
          console.log(t(`rulebooks.cli.${outcome.status}`, { ref: outcome.ref, rules: outcome.rules, sha256: outcome.sha256 }));
          console.log(JSON.stringify(outcome));
        } finally {
          database.close();
        }
        return 0;
      }
      if (action === "export") {
        const { isBuiltIn, rulebookSource } = await import("../audits/rulebooks/store.js");
        const { builtInRulebookAt, semverOf } = await import("../audits/rulebooks/versions.js");
        if (isBuiltIn(arg)) {
          const book = builtInRulebookAt(arg, values.version);
          if (!book) throw AppError.notFound(`rulebook ${arg}@${values.version}`);
          const { exportRulebookYaml } = await import("../audits/rulebooks/export.js");
          process.stdout.write(exportRulebookYaml(book));
          return 0;
        }
        const database = await open();
        try {
          const { findRulebookAt } = await import("../audits/rulebooks/store.js");
          const book = await findRulebookAt(database.db, arg, values.version ?? null);
          const source = book ? await rulebookSource(database.db, arg, semverOf(book.version)) : undefined;
          if (source === undefined) throw new AppError("not_found", 404, t("rulebooks.cli.unknown", { id: values.version ? `${arg}@${values.version}` : arg }));
          process.stdout.write(source.endsWith("\n") ? source : `${source}\n`);
        } finally {
          database.close();
        }
        return 0;
      }
      if (action === "test") {
        if (!values.fixtures) throw usageError();
        const { testRulebookWithFixtures } = await import("../audits/rulebooks/fixture-test.js");
        const { rulebook, rows } = await testRulebookWithFixtures(readFileSync(arg, "utf8"), values.fixtures);
        const fmt = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(Math.round(v * 1000) / 1000));
        const table = [
          t("rulebooks.cli.testHeader").split("|"),
          ...rows.map((r) => [
            r.ruleId,
            r.expected ? `${r.expected.status}${r.expected.value !== undefined ? ` ${fmt(r.expected.value)}` : ""}` : "-",
            r.actual?.status ?? t("rulebooks.cli.testNotRun"),
            fmt(r.actual?.value),
            r.expected === null ? "-" : r.ok ? t("rulebooks.cli.testOk") : t("rulebooks.cli.testMismatch"),
          ]),
        ];
        const widths = table[0].map((_, i) => Math.max(...table.map((row) => [...row[i]].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0))));
        for (const row of table) console.log(row.map((cell, i) => cell + " ".repeat(widths[i] - [...cell].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0))).join("  ").trimEnd());
        const checked = rows.filter((r) => r.expected !== null);
        const failed = checked.filter((r) => !r.ok).length;
        console.log(t("rulebooks.cli.testSummary", { ref: rulebook, passed: checked.length - failed, total: checked.length }));
        if (failed) {
          console.error(t("rulebooks.cli.testFailed", { failed }));
          return 1;
        }
        return 0;
      }
      throw usageError();
    }
    case "verify-audit-trail": {
      // opened without migrating or seeding: a check must not append to the trail it checks
      const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN);
      try {
        const { verifyAuditTrail } = await import("./audit-trail.js");
        const check = await verifyAuditTrail(database.db);
        if (check.ok) {
          const [head] = await database.db.select({ id: auditTrail.id, hash: auditTrail.hash }).from(auditTrail).orderBy(desc(auditTrail.id)).limit(1);
          // the head hash, noted elsewhere from time to time, also reveals entries cut off the end
          console.log(t("cli.trailIntact", { entries: check.entries }) + (head ? t("cli.trailHead", { id: head.id, hash: head.hash }) : ""));
          return 0;
        }
        console.log(check.brokenAt === null ? t("cli.trailBroken", { reason: check.reason }) : t("cli.trailBrokenAt", { id: check.brokenAt, reason: check.reason }));
        return 2;
      } finally {
        database.close();
      }
    }
    case "verify-run": {
      const raw = rest[0] ?? "";
      if (!/^[1-9]\d{0,15}$/.test(raw)) throw new AppError("invalid", 400, t("cli.usageVerifyRun"));
      const runId = Number(raw);
      // opened without migrating or seeding: a check changes nothing
      const database = await openDatabase(process.env.DATABASE_URL ?? defaultDatabaseUrl, process.env.DATABASE_AUTH_TOKEN);
      try {
        const { verifyRun } = await import("../audits/verify-run.js");
        const check = await verifyRun(database, runId);
        if (check.differences.length === 0) {
          console.log(t("cli.runReproduced", { id: runId, identical: check.identical, revision: check.dataRevision }));
          return 0;
        }
        console.log(t("cli.runNotReproduced", { id: runId, revision: check.dataRevision, identical: check.identical, compared: check.compared, differences: check.differences.length }));
        for (const d of check.differences) console.log(t("cli.runDifference", { rule: d.ruleId, field: d.field, stored: JSON.stringify(d.stored), reproduced: JSON.stringify(d.reproduced) }));
        return 2;
      } finally {
        database.close();
      }
    }
    case undefined:
    case "help":
    case "--help":
      console.log(usage());
      return 0;
    default:
      console.error(`${t("cli.unknownCommand", { command })}\n\n${usage()}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (e) => {
    if (e instanceof Error && e.name === "RulebookFileError") {
      console.error(t("cli.error", { message: e.message }));
    } else if (e instanceof AppError) {
      console.error(t("cli.error", { message: e.message }));
      for (const i of e.issues.slice(0, 20)) console.error(`  ${i.path}: ${i.message}`);
    } else console.error(e);
    process.exit(1);
  },
);
