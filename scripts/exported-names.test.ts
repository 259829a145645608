import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// A name means one thing: no two source files export the same name (a re-export of the same
// declaration is the same thing, so it does not count). Next.js's file conventions are the only
// names many files may export.

const ROOT = path.resolve(import.meta.dirname, "..");
const SKIPPED_FOLDERS = new Set([
  "node_modules",
  ".next",
  ".sieve",
  ".git",
  "test-results",
  "playwright-report",
]);

/** Names Next.js looks for in its own files (route handlers, pages, layouts, instrumentation, proxy). */
const NEXT_CONVENTIONS = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
  "dynamic",
  "dynamicParams",
  "revalidate",
  "fetchCache",
  "runtime",
  "preferredRegion",
  "maxDuration",
  "metadata",
  "generateMetadata",
  "generateStaticParams",
  "viewport",
  "generateViewport",
  "config",
  "register",
  "proxy",
]);

function isNextFile(file: string): boolean {
  return file.startsWith("app/") || ["proxy.ts", "instrumentation.ts", "next.config.ts"].includes(file);
}

function sourceFiles(folder = ""): string[] {
  return readdirSync(path.join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const file = folder ? `${folder}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [file] : [];
  });
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** The names `source` declares and exports itself (not `export … from`, not exported imports). */
function declaredExports(source: ts.SourceFile): string[] {
  const imported = new Set<string>();
  for (const statement of source.statements) {
    const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
    if (clause?.name) imported.add(clause.name.text);
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const b of bindings.elements) imported.add(b.name.text);
    if (bindings && ts.isNamespaceImport(bindings)) imported.add(bindings.name.text);
  }
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const clause = statement.exportClause;
      if (statement.moduleSpecifier || !clause || !ts.isNamedExports(clause)) continue;
      for (const element of clause.elements) {
        if (!imported.has((element.propertyName ?? element.name).getText(source)))
          names.push(element.name.text);
      }
      continue;
    }
    if (!hasModifier(statement, ts.SyntaxKind.ExportKeyword)) continue;
    if (hasModifier(statement, ts.SyntaxKind.DefaultKeyword)) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name
    ) {
      names.push(statement.name.text);
    }
  }
  return names;
}

function parse(file: string, text: string): ts.SourceFile {
  const kind = file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
}

/** Every exported name that more than one file declares, with those files. */
function exportClashes(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const [file, text] of files) {
    for (const name of new Set(declaredExports(parse(file, text)))) {
      if (isNextFile(file) && NEXT_CONVENTIONS.has(name)) continue;
      byName.set(name, [...(byName.get(name) ?? []), file]);
    }
  }
  return new Map([...byName].filter(([, where]) => where.length > 1));
}

describe("exported names", () => {
  it("finds a clash, and not a re-export, an exported import or a Next.js convention", () => {
    const clashes = exportClashes(
      new Map([
        ["lib/a.ts", "export interface Thing { a: string }\nexport const ONE = 1;"],
        ["lib/b.ts", 'export type Thing = number;\nexport { ONE } from "./a";'],
        ["lib/c.ts", 'import { ONE } from "./a";\nexport { ONE };\nconst two = 2;\nexport { two as TWO };'],
        ["lib/d.ts", "export function TWO() {}"],
        ["app/x/route.ts", "export const GET = 1;\nexport const dynamic = 1;"],
        ["app/y/route.ts", "export const GET = 1;\nexport const dynamic = 1;"],
        ["lib/e.ts", "export const GET = 1;"],
      ]),
    );
    expect(Object.fromEntries(clashes)).toEqual({
      Thing: ["lib/a.ts", "lib/b.ts"],
      TWO: ["lib/c.ts", "lib/d.ts"],
    });
  });

  it("no two files of the project export the same name", () => {
    const files = new Map(sourceFiles().map((file) => [file, readFileSync(path.join(ROOT, file), "utf8")]));
    expect(files.size).toBeGreaterThan(500);
    const clashes = [...exportClashes(files)].map(([name, where]) => `${name}: ${where.join(", ")}`);
    expect(clashes).toEqual([]);
    // Parsing every file takes seconds on a busy machine.
  }, 120_000);
});
