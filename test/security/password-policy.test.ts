// Passwords: at least 12 characters, not the e-mail address or its name part, not a common password (give or take
// case, spaces, and digits or symbols at either end), on every path that sets one: the API of the domain verb, the
// admin page and `assay user create`.
import { testCtx } from "../support/ctx.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passwordProblem } from "../../server/auth/password-policy.js";
import { createUser } from "../../server/auth/users.js";
import { AppError } from "../../server/errors.js";
import { buildTestApp, type TestApp } from "../support/app.js";
import { runCli } from "../support/cli.js";

const tooShort = "at least 12 characters";
const containsEmail = "must not contain your e-mail address or the part before the @";
const common = "is one of the most common passwords (give or take capitals, spaces, and digits or symbols at either end); choose a longer passphrase";

describe("the password rules", () => {
  const email = "li.na@example.test";
  it.each([
    ["short1!", tooShort],
    ["eleven char", tooShort],
    ["li.na@example.test", containsEmail],
    ["LI.NA@EXAMPLE.TEST!!", containsEmail],
    ["my name is li.na, ok", containsEmail],
    ["password1234", common],
    ["Password123456!", common],
    ["123456789012", common],
    ["!!!qwertyuiop", common],
    ["P a s s w o r d 2 0 2 6", common],
    ["iloveyouiloveyou", common],
    ["qwertyqwertyqwerty", common],
    ["aaaaaaaaaaaa", common],
    ["1q2w3e4r5t6y", common],
  ])("refuses %j: %s", (password, message) => {
    expect(passwordProblem(password, email)).toBe(message);
  });

  it.each(["correct horse battery", "correct horse battery staple", "an unguessable passphrase 42", "a long enough password", "Tr0ub4dor&3xyz", "dragon fruit in the snow"])("accepts %j", (password) => {
    expect(passwordProblem(password, email)).toBeNull();
  });

  it("does not take a short local part for the whole password ('al' in 'always')", () => {
    expect(passwordProblem("always a long phrase", "al@example.test")).toBeNull();
    expect(passwordProblem("al@example.test 2026", "al@example.test")).toBe(containsEmail);
  });
});

describe("every path that sets a password", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(() => t.close());

  it("createUser: 400 naming password", async () => {
    const error = await createUser({ ctx: testCtx(t.database.db, t.clock.now(), "test"), input: { email: "weak@example.test", role: "viewer", password: "Password2026!" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect([(error as AppError).status, (error as AppError).issues]).toEqual([400, [{ path: "password", message: common }]]);
  });

  it("the admin page: the form comes back with the reason", async () => {
    const admin = await t.session("admin");
    const post = (password: string) =>
      t.app.request("/admin/users", {
        method: "POST",
        body: new URLSearchParams({ _csrf: admin.csrf, email: "page@example.test", role: "viewer", password }),
        headers: { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded", "hx-request": "true" },
      });
    const weak = await post("page@example.test");
    expect(weak.status).toBe(422);
    expect(await weak.text()).toContain(containsEmail);
    expect((await post("a sturdy pass phrase")).status).toBe(200);
  });

  it("assay user create: exit 1 naming password", () => {
    const res = runCli(["user", "create", "--email", "cli@example.test", "--role", "viewer"], { databaseUrl: t.url, input: "qwerty123456\n" });
    expect(res.status).toBe(1);
    expect(res.stderr).toBe(`error: invalid user\n  password: ${common}\n`);
  });
});
