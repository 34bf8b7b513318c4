// The breaking-change check (README, "Changelog"): compares openapi.yaml with the version at a base commit and fails
// on every change that can break a client built from the base, unless README's Changelog section names its subject
// in backticks (e.g. `CreatePayoutRequest.period`, `DELETE /v1/faq/{id}`, `GET /v1/payouts from`, or `* cursor` for a
// parameter on every operation).
// Breaking: a removed path or operation; a removed parameter (the API refuses unknown query parameters) or a new or
// newly required one; in a request body a removed field (refused as unknown), a new required field, a changed type,
// a narrowed enum or range (minimum, maximum, length, items; also one declared where there was none) or a changed
// pattern; in a response a removed field, a field no longer required, or a changed type.
// Usage: node breaking-changes.mjs BASE_YAML NEW_YAML README   (tests/contract/breaking-changes.sh picks the base)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The YAML parser is one of the tools pinned in .ci/package.json (npm ci --prefix .ci).
const { parse } = createRequire(import.meta.url)("../../.ci/node_modules/yaml");

const [basePath, newPath, readmePath] = process.argv.slice(2);
const base = parse(readFileSync(basePath, "utf8"));
const next = parse(readFileSync(newPath, "utf8"));
const readme = readFileSync(readmePath, "utf8");
const changelog = (readme.split(/^## Changelog\s*$/m)[1] ?? "").split(/^## /m)[0];
const methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const findings = [];
const report = (subject, what, parameter) => findings.push({ subject, what, parameter });

const resolve = (doc, schema) => {
  let s = schema ?? {};
  for (let i = 0; s.$ref && i < 20; i++) s = s.$ref.split("/").slice(1).reduce((o, k) => o?.[k.replace(/~1/g, "/").replace(/~0/g, "~")], doc) ?? {};
  return s;
};
const refName = schema => schema?.$ref?.split("/").pop();
const typeOf = s => [].concat(s.type ?? []).filter(t => t !== "null").sort().join("|") || (s.properties ? "object" : "");

// Bounds whose growth (lower) or shrinking (upper) narrows what a client may send.
const lower = ["minimum", "minLength", "minItems"];
const upper = ["maximum", "maxLength", "maxItems"];

// A bound declared where there was none narrows nothing when the old schema already implied it: an integer's format
// range, or the length of a date (10), an instant (NodaTime's ISO form, at most 30) or an anchored pattern without
// unbounded repetition (its one shape is at most that long).
const formatRange = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [-(2 ** 63), 2 ** 63 - 1] };
function implied(old, key, value) {
  if (old[key] !== undefined) return false;
  const range = formatRange[old.format];
  if (range && key === "minimum") return Number(value) <= range[0];
  if (range && key === "maximum") return Number(value) >= range[1];
  if (key !== "maxLength") return false;
  if (old.format === "date") return Number(value) >= 10;
  if (old.format === "date-time") return Number(value) >= 30;
  return typeof old.pattern === "string" && /^\^.*\$$/.test(old.pattern) && !/[*+]|\{\d+,\}/.test(old.pattern) && Number(value) >= maxPatternLength(old.pattern);
}
// The longest string an anchored pattern of literals, classes, groups of alternatives and {n} / {n,m} / ? can match.
function maxPatternLength(pattern) {
  let i = 1;
  const body = pattern.slice(0, -1);
  function sequence() {
    let total = 0;
    while (i < body.length && body[i] !== "|" && body[i] !== ")") {
      let atom;
      if (body[i] === "(") { i++; atom = alternatives(); i++; }
      else if (body[i] === "[") { i = body.indexOf("]", i) + 1; atom = 1; }
      else { i += body[i] === "\\" ? 2 : 1; atom = 1; }
      const repeat = /^\{(\d+)(?:,(\d+))?\}|^\?/.exec(body.slice(i));
      if (repeat) { i += repeat[0].length; atom *= repeat[0] === "?" ? 1 : Number(repeat[2] ?? repeat[1]); }
      total += atom;
    }
    return total;
  }
  function alternatives() {
    let longest = sequence();
    while (body[i] === "|") { i++; longest = Math.max(longest, sequence()); }
    return longest;
  }
  return alternatives();
}

function compare(context, subject, oldSchema, newSchema, seen) {
  const name = refName(newSchema) ?? refName(oldSchema);
  if (name) {
    subject = name;
    if (seen.has(`${context}:${name}`)) return;
    seen.add(`${context}:${name}`);
  }
  const o = resolve(base, oldSchema), n = resolve(next, newSchema);
  const composite = s => s.allOf ?? s.oneOf ?? s.anyOf;
  if (composite(o) || composite(n)) {
    const a = composite(o) ?? [o], b = composite(n) ?? [n];
    a.forEach((part, i) => compare(context, subject, part, b[i] ?? {}, seen));
    return;
  }
  if (typeOf(o) && typeOf(n) && typeOf(o) !== typeOf(n)) report(subject, `type ${typeOf(o)} became ${typeOf(n)}`);
  if (context === "request") {
    const removedValues = o.enum ? o.enum.filter(v => !(n.enum ?? o.enum).includes(v)) : n.enum ? ["(any value)"] : [];
    if (removedValues.length) report(subject, `enum no longer takes ${removedValues.join(", ")}`);
    for (const k of lower) if (n[k] !== undefined && !implied(o, k, n[k]) && Number(n[k]) > Number(o[k] ?? -Infinity)) report(subject, `${k} ${o[k] ?? "none"} became ${n[k]}`);
    for (const k of upper) if (n[k] !== undefined && !implied(o, k, n[k]) && Number(n[k]) < Number(o[k] ?? Infinity)) report(subject, `${k} ${o[k] ?? "none"} became ${n[k]}`);
    if (n.pattern !== undefined && n.pattern !== o.pattern) report(subject, `pattern ${o.pattern ?? "none"} became ${n.pattern}`);
  }
  const oldProps = o.properties ?? {}, newProps = n.properties ?? {};
  const oldRequired = new Set(o.required ?? []), newRequired = new Set(n.required ?? []);
  for (const [prop, schema] of Object.entries(oldProps)) {
    if (!(prop in newProps)) report(`${subject}.${prop}`, `removed from the ${context}`);
    else compare(context, `${subject}.${prop}`, schema, newProps[prop], seen);
    if (context === "response" && prop in newProps && oldRequired.has(prop) && !newRequired.has(prop)) report(`${subject}.${prop}`, "no longer required in the response");
  }
  if (context === "request") {
    for (const prop of newRequired) if (!oldRequired.has(prop)) report(`${subject}.${prop}`, prop in oldProps ? "became required" : "new and required");
  }
  if (o.items || n.items) compare(context, `${subject}[]`, o.items, n.items, seen);
  if (typeof o.additionalProperties === "object" && typeof n.additionalProperties === "object") compare(context, `${subject}{}`, o.additionalProperties, n.additionalProperties, seen);
}

const seen = new Set();
for (const [path, oldItem] of Object.entries(base.paths ?? {})) {
  const newItem = next.paths?.[path];
  for (const method of methods.filter(m => oldItem[m])) {
    const operation = `${method.toUpperCase()} ${path}`;
    const oldOp = oldItem[method], newOp = newItem?.[method];
    if (!newOp) { report(operation, newItem ? "operation removed" : "path removed"); continue; }
    const params = op => new Map((op.parameters ?? []).map(p => resolve(op === oldOp ? base : next, p)).map(p => [`${p.in}:${p.name}`, p]));
    const oldParams = params(oldOp), newParams = params(newOp);
    for (const [key, p] of oldParams) {
      const q = newParams.get(key);
      if (!q) { report(`${operation} ${p.name}`, `${p.in} parameter removed`, p.name); continue; }
      if (q.required && !p.required) report(`${operation} ${p.name}`, `${p.in} parameter became required`, p.name);
      const before = findings.length;
      compare("request", `${operation} ${p.name}`, p.schema, q.schema, new Set());
      findings.slice(before).forEach(f => { f.parameter = p.name; });
    }
    for (const [key, q] of newParams) if (!oldParams.has(key) && q.required) report(`${operation} ${q.name}`, `new required ${q.in} parameter`, q.name);
    const oldBody = oldOp.requestBody?.content ?? {}, newBody = newOp.requestBody?.content ?? {};
    if (newOp.requestBody?.required && !oldOp.requestBody) report(operation, "request body became required");
    for (const [media, content] of Object.entries(oldBody)) {
      if (!newBody[media]) report(operation, `no longer accepts ${media}`);
      else compare("request", `${operation} body`, content.schema, newBody[media].schema, seen);
    }
    for (const [status, response] of Object.entries(oldOp.responses ?? {})) {
      const newResponse = newOp.responses?.[status];
      for (const [media, content] of Object.entries(resolve(base, response).content ?? {})) {
        const newContent = newResponse && resolve(next, newResponse).content?.[media];
        if (newContent) compare("response", `${operation} ${status}`, content.schema, newContent.schema, seen);
      }
    }
  }
}

const unique = [...new Map(findings.map(f => [`${f.subject}\u0000${f.what}`, f])).values()];
// A parameter's subject is "METHOD /path name"; "`* name`" names that parameter on every operation.
const named = f => changelog.includes("`" + f.subject + "`") || (f.parameter && changelog.includes("`* " + f.parameter + "`"));
const accepted = unique.filter(named), refused = unique.filter(f => !named(f));
for (const f of accepted) console.log(`named in the changelog: ${f.subject}: ${f.what}`);
for (const f of refused) console.log(`BREAKING: ${f.subject}: ${f.what}`);
if (refused.length) {
  console.log(`${refused.length} breaking change(s) not named in README's Changelog. If intended, add a line naming each subject in backticks.`);
  process.exit(1);
}
console.log(`no unnamed breaking change (${accepted.length} named in the changelog)`);
