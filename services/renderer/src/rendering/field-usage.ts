/**
 * Which fields a template reads, checked against what its front matter declares. Strict mode
 * alone is not enough: Handlebars does not check the arguments of helpers and of `{{#if}}`, so a
 * field missing from the data would print as an empty `{{money overdue.amount}}`. Walking the
 * template (and every partial and layout it includes) finds each path it reads; a path that is
 * not declared is an error at load, long before a customer could receive the blank.
 */
import { itemsOf, membersOf, type FieldTypeName } from './field-types.js';

type Scope =
  | { readonly kind: 'root' }
  | { readonly kind: 'item'; readonly field: string; readonly items: readonly string[] };

export interface UsageContext {
  readonly fields: Readonly<Record<string, FieldTypeName>>;
  readonly helpers: ReadonlySet<string>;
  /** Partials and layouts by name, parsed. */
  readonly partials: ReadonlyMap<string, hbs.AST.Program>;
}

const BRANCH_HELPERS = new Set(['if', 'unless']);
const DATA_VARIABLES = new Set(['index', 'first', 'last', 'locale']);

/** Problems with the paths, helpers and partials a parsed template uses; empty when it is sound. */
export function checkFieldUsage(program: hbs.AST.Program, context: UsageContext): string[] {
  const problems: string[] = [];
  const blocks: hbs.AST.Program[] = [];
  const where = (node: hbs.AST.Node, via: readonly string[]) =>
    `line ${node.loc?.start.line ?? '?'}${via.length > 0 ? ` of ${via.join(' → ')}` : ''}`;

  const isDeclared = (path: string): boolean => {
    if (path in context.fields) return true;
    return Object.entries(context.fields).some(
      ([field, type]) =>
        path.startsWith(`${field}.`) && membersOf(type).includes(path.slice(field.length + 1)),
    );
  };

  const checkPath = (path: hbs.AST.PathExpression, scopes: Scope[], via: string[]) => {
    if (path.data) {
      const [head, ...rest] = path.parts;
      if (head === 'root') {
        const name = rest.join('.');
        if (!isDeclared(name))
          problems.push(
            `uses field "${name}" that its front matter does not declare (${where(path, via)})`,
          );
      } else if (!DATA_VARIABLES.has(head ?? '')) {
        problems.push(`uses unknown data variable "@${path.original}" (${where(path, via)})`);
      }
      return;
    }
    const scope = scopes[scopes.length - 1 - path.depth];
    const name = path.parts.length === 0 ? 'this' : path.parts.join('.');
    if (!scope) {
      problems.push(`"${path.original}" climbs out of the template (${where(path, via)})`);
    } else if (scope.kind === 'item') {
      if (!scope.items.includes(name))
        problems.push(
          `reads "${name}" of an item of "${scope.field}", which has only ${scope.items.join(', ')} (${where(path, via)})`,
        );
    } else if (!isDeclared(name)) {
      problems.push(
        `uses field "${name}" that its front matter does not declare (${where(path, via)})`,
      );
    }
  };

  const expression = (node: hbs.AST.Expression, scopes: Scope[], via: string[]): void => {
    if (node.type === 'PathExpression') checkPath(node as hbs.AST.PathExpression, scopes, via);
    else if (node.type === 'SubExpression') call(node as hbs.AST.SubExpression, scopes, via);
  };

  const call = (
    node: hbs.AST.MustacheStatement | hbs.AST.SubExpression,
    scopes: Scope[],
    via: string[],
  ): void => {
    const name = (node.path as hbs.AST.PathExpression).original;
    if (!context.helpers.has(name))
      problems.push(`calls "${name}", which is not an allowed helper (${where(node, via)})`);
    for (const param of node.params) expression(param, scopes, via);
    for (const pair of node.hash?.pairs ?? []) expression(pair.value, scopes, via);
  };

  const partial = (
    node: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement,
    scopes: Scope[],
    via: string[],
  ): void => {
    if (node.name.type !== 'PathExpression') {
      problems.push(`uses a dynamic partial name (${where(node, via)})`);
      return;
    }
    const name = node.name.original;
    if (node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0) {
      problems.push(`passes a context or arguments to partial "${name}" (${where(node, via)})`);
    }
    if (name === '@partial-block') {
      const block = blocks[blocks.length - 1];
      if (block) {
        blocks.pop();
        walk(block, scopes, via);
        blocks.push(block);
      }
      return;
    }
    const target = context.partials.get(name);
    if (!target) {
      problems.push(`includes unknown partial "${name}" (${where(node, via)})`);
      return;
    }
    if (via.includes(name) || via.length > 8) {
      problems.push(`includes partial "${name}" recursively (${where(node, via)})`);
      return;
    }
    if (node.type === 'PartialBlockStatement') blocks.push(node.program);
    walk(target, scopes, [...via, name]);
    if (node.type === 'PartialBlockStatement') blocks.pop();
  };

  const block = (node: hbs.AST.BlockStatement, scopes: Scope[], via: string[]): void => {
    const name = node.path.original;
    if (BRANCH_HELPERS.has(name)) {
      for (const param of node.params) expression(param, scopes, via);
      walk(node.program, scopes, via);
      if (node.inverse) walk(node.inverse, scopes, via);
      return;
    }
    if (name !== 'each') {
      problems.push(
        `uses block "#${name}"; only #if, #unless and #each are allowed (${where(node, via)})`,
      );
      return;
    }
    const list = node.params[0];
    const field = list?.type === 'PathExpression' ? (list as hbs.AST.PathExpression) : undefined;
    const fieldName = field?.parts.join('.') ?? '';
    const type = context.fields[fieldName];
    const items = type ? itemsOf(type) : undefined;
    if (!field || field.data || field.depth > 0 || !items || scopes.length > 1) {
      problems.push(`#each must walk a declared list field at the top level (${where(node, via)})`);
      return;
    }
    walk(node.program, [...scopes, { kind: 'item', field: fieldName, items }], via);
    if (node.inverse) walk(node.inverse, scopes, via);
  };

  const walk = (program: hbs.AST.Program, scopes: Scope[], via: string[]): void => {
    for (const statement of program.body) {
      switch (statement.type) {
        case 'MustacheStatement': {
          const node = statement as hbs.AST.MustacheStatement;
          if (node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0) call(node, scopes, via);
          else if (node.path.type === 'PathExpression') {
            const path = node.path as hbs.AST.PathExpression;
            if (context.helpers.has(path.original))
              problems.push(
                `calls helper "${path.original}" without arguments (${where(node, via)})`,
              );
            else checkPath(path, scopes, via);
          }
          break;
        }
        case 'BlockStatement':
          block(statement as hbs.AST.BlockStatement, scopes, via);
          break;
        case 'PartialStatement':
        case 'PartialBlockStatement':
          partial(statement as hbs.AST.PartialStatement, scopes, via);
          break;
        case 'DecoratorBlock':
        case 'Decorator':
          problems.push(`uses a decorator (${where(statement, via)})`);
          break;
        default:
          break; // content and comments
      }
    }
  };

  walk(program, [{ kind: 'root' }], []);
  return [...new Set(problems)];
}
