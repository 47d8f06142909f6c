// Turn one notebook code cell (TypeScript) into a function that runs in the
// page's shared scope, the way a kernel shares top-level names between cells.
// Pure (no DOM, no worker API): bundled into the browser worker and unit-tested
// in Node (test/notes/runtime.test.ts).
//
// 1. sucrase strips the types (line numbers are preserved: sucrase never moves code
//    between lines), keeping imports whose names this cell does not use itself.
// 2. acorn parses the JavaScript; the top-level statements are rewritten in place:
//    - `import { a, b as c } from "nnlab"` -> `const { a, b: c } = __import("nnlab");`
//      (padded with the newlines it had, so later lines keep their numbers)
//    - `export` in front of a declaration is dropped (//| export cells);
//    - the last statement, if an expression, is captured as the cell's value.
// 3. The cell becomes `async function (__scope, __import, __cell)`: its first line
//    declares the names earlier cells defined (those it does not redeclare) from
//    __scope, and a hoisted `__save()` copies every top-level name back to __scope
//    after the cell ends (also after an error, like a kernel keeps what ran).
import { transform } from "sucrase";
import { parse } from "acorn";

/** The identifiers a declaration pattern binds ({ a, b: [c, ...d] } -> a, c, d). */
export function patternNames(pattern, out = []) {
  if (!pattern) return out;
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern.name);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) patternNames(p.type === "RestElement" ? p.argument : p.value, out);
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) patternNames(e, out);
      break;
    case "RestElement":
      patternNames(pattern.argument, out);
      break;
    case "AssignmentPattern":
      patternNames(pattern.left, out);
      break;
    default:
      break;
  }
  return out;
}

/** A compile error with the cell's line (1-based) and column. */
export class CellSyntaxError extends SyntaxError {
  constructor(message, line, column) {
    super(line ? `${message} (line ${line}${column != null ? `, column ${column}` : ""})` : message);
    this.name = "SyntaxError";
    this.line = line;
    this.column = column;
  }
}

/** TypeScript -> JavaScript with sucrase; throws CellSyntaxError with the cell's line. */
export function stripTypes(source) {
  try {
    return transform(source, { transforms: ["typescript"], keepUnusedImports: true, disableESTransforms: true }).code;
  } catch (error) {
    const message = String(error && error.message ? error.message : error);
    const match = /\((\d+):(\d+)\)/.exec(message);
    throw new CellSyntaxError(message.replace(/\s*\(\d+:\d+\)\s*$/, ""), match ? Number(match[1]) : undefined, match ? Number(match[2]) : undefined);
  }
}

const newlines = (text) => (text.match(/\n/g) || []).length;

/**
 * Compile a cell.
 * @param source  the cell's TypeScript
 * @param known   names earlier cells put in the shared scope
 * @returns { code, declared, imports } code: the source of an async function expression
 *          `(__scope, __import, __cell) => Promise`, where __cell.value receives the
 *          last expression's value and __cell.save is set to the name saver;
 *          declared: the top-level names this cell defines; imports: the modules it imports.
 */
export function compileCell(source, known = []) {
  const js = stripTypes(source);
  let ast;
  try {
    ast = parse(js, { ecmaVersion: "latest", sourceType: "module", allowAwaitOutsideFunction: true, allowReturnOutsideFunction: true, locations: true });
  } catch (error) {
    const loc = error && error.loc;
    throw new CellSyntaxError(String(error.message).replace(/\s*\(\d+:\d+\)\s*$/, ""), loc ? loc.line : undefined, loc ? loc.column + 1 : undefined);
  }
  const edits = []; // [start, end, text], non-overlapping
  const declared = [];
  const imports = [];
  const body = ast.body;
  for (let i = 0; i < body.length; i++) {
    let node = body[i];
    if (node.type === "ImportDeclaration") {
      imports.push(String(node.source.value));
      const from = JSON.stringify(node.source.value);
      const parts = [];
      let namespace = null;
      let defaultName = null;
      for (const spec of node.specifiers) {
        declared.push(spec.local.name);
        if (spec.type === "ImportNamespaceSpecifier") namespace = spec.local.name;
        else if (spec.type === "ImportDefaultSpecifier") defaultName = spec.local.name;
        else {
          const imported = spec.imported.type === "Literal" ? JSON.stringify(spec.imported.value) : spec.imported.name;
          parts.push(imported === spec.local.name ? imported : `${imported}: ${spec.local.name}`);
        }
      }
      let text = `__import(${from});`;
      if (namespace) text = `const ${namespace} = __import(${from});`;
      if (defaultName) text = `const ${defaultName} = __import(${from}, true);` + (parts.length ? ` const { ${parts.join(", ")} } = __import(${from});` : "");
      else if (parts.length) text = `const { ${parts.join(", ")} } = __import(${from});` + (namespace ? ` const ${namespace} = __import(${from});` : "");
      edits.push([node.start, node.end, text + "\n".repeat(newlines(js.slice(node.start, node.end)))]);
      continue;
    }
    if (node.type === "ExportNamedDeclaration" || node.type === "ExportDefaultDeclaration") {
      if (node.declaration) {
        edits.push([node.start, node.declaration.start, ""]);
        node = node.declaration;
      } else {
        // `export { a, b }` re-exports: nothing to run
        edits.push([node.start, node.end, ""]);
        continue;
      }
    }
    if (node.type === "VariableDeclaration") {
      for (const d of node.declarations) patternNames(d.id, declared);
    } else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && node.id) {
      declared.push(node.id.name);
    } else if (node.type === "ExpressionStatement" && i === body.length - 1 && !node.directive) {
      const expression = node.expression;
      edits.push([node.start, expression.start, "__cell.value = ("]);
      edits.push([expression.end, node.end, ");"]);
    }
  }
  edits.sort((a, b) => a[0] - b[0]);
  let out = "";
  let at = 0;
  for (const [start, end, text] of edits) {
    out += js.slice(at, start) + text;
    at = end;
  }
  out += js.slice(at);

  const own = new Set(declared);
  const inherited = known.filter((name) => !own.has(name) && /^[A-Za-z_$][\w$]*$/.test(name));
  const all = [...new Set([...inherited, ...declared])];
  const prelude = `__cell.save = __save;${inherited.length ? ` let { ${inherited.join(", ")} } = __scope;` : ""} `;
  const save = all.map((name) => `try { __scope[${JSON.stringify(name)}] = ${name}; } catch (_) {}`).join(" ");
  // Everything added stays on the first line or after the last: the cell's lines keep their numbers.
  const code = `(async function (__scope, __import, __cell) { ${prelude}${out}\n;function __save() { ${save} }\n})`;
  return { code, declared: [...own], imports: [...new Set(imports)] };
}
