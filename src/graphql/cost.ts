// Query cost that knows page sizes. cost(selection) = Σ over its fields of
// (1 + cost(field's own selection)) × multiplier, where a connection field (one taking
// `first` and returning a type with `edges`) multiplies by its page size — `first`
// from the literal or the variable, DEFAULT_PAGE_SIZE when absent — and every other
// field by 1. Introspection fields (`__schema`, `__type`, `__typename`) are free.
// Computed once the operation is resolved (variables are known then) and refused above
// MAX_QUERY_COST with QUERY_TOO_COSTLY, before any resolver runs.
//
// WHY NOT graphql-query-complexity (2.0.0, measured 2026-12-05 by `npm run bench:libs`, Node 20,
// NODE_ENV=production, 2 shared cores; the polled reads, the README's first session, the perf
// tests' fragment and @skip/@include documents, the cost tests' heaviest read and abuse): its
// getComplexity with this formula as an estimator gave the same cost on each document but the
// one skipping fields, in 49-51 µs median per request against 2.4 µs here (x20-21 in three
// runs, x42 in a noisier fourth; x10 without NODE_ENV=production): it walks the whole document
// with a TypeInfo and coerces every field's arguments. It evaluates @skip/@include, which this
// does not (a skipped field is counted: the estimate errs high).
import type { ApolloServerPlugin } from '@apollo/server';
import {
  getNamedType, isObjectType, isInterfaceType, Kind, OperationTypeNode,
  type FieldNode, type FragmentDefinitionNode, type GraphQLCompositeType, type GraphQLField, type GraphQLNamedType,
  type GraphQLSchema, type OperationDefinitionNode, type SelectionSetNode, type ValueNode,
} from 'graphql';
import { AppError, ErrorCode } from '../shared/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/pagination.js';
import type { GraphQLContext } from './context.js';

export interface CostInput {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

/** The page size a connection field will load: `first` when it is a usable integer, else the default. */
function pageSize(node: FieldNode, variables: Record<string, unknown>): number {
  const arg = node.arguments?.find((a) => a.name.value === 'first');
  const value: unknown = arg ? literal(arg.value, variables) : undefined;
  if (value === undefined || value === null) return DEFAULT_PAGE_SIZE;
  // An out-of-range `first` is refused by the resolver; counted here as the largest page.
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_PAGE_SIZE ? value : MAX_PAGE_SIZE;
}

function literal(value: ValueNode, variables: Record<string, unknown>): unknown {
  if (value.kind === Kind.VARIABLE) return variables[value.name.value];
  if (value.kind === Kind.INT) return Number(value.value);
  if (value.kind === Kind.NULL) return null;
  return MAX_PAGE_SIZE;
}

function isConnection(field: GraphQLField<unknown, unknown>): boolean {
  const type = getNamedType(field.type);
  return field.args.some((a) => a.name === 'first') && (isObjectType(type) || isInterfaceType(type)) && 'edges' in type.getFields();
}

/** The cost of an operation, as defined at the top of this file. */
export function queryCost(input: CostInput): number {
  const { schema, fragments, variables } = input;
  const root = input.operation.operation === OperationTypeNode.QUERY ? schema.getQueryType()
    : input.operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getSubscriptionType();
  if (!root) return 0;

  // Each named fragment's cost, computed once: a document repeating spreads (`...A ...A`, A
  // repeating `...B ...B`, ...) would otherwise be walked once per path, exponentially in its
  // nesting, on the event loop, before the limit could refuse it. Validation has made the type
  // condition known, so a fragment costs the same wherever it is spread.
  const spreadCosts = new Map<string, number>();
  const selectionCost = (set: SelectionSetNode, parent: GraphQLNamedType): number => {
    let total = 0;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value.startsWith('__')) continue;
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[sel.name.value] : undefined;
        if (!field) continue; // validation has refused unknown fields already
        const children = sel.selectionSet ? selectionCost(sel.selectionSet, getNamedType(field.type)) : 0;
        total += (1 + children) * (isConnection(field) ? pageSize(sel, variables) : 1);
      } else {
        const known = sel.kind === Kind.FRAGMENT_SPREAD ? spreadCosts.get(sel.name.value) : undefined;
        if (known !== undefined) {
          total += known;
          continue;
        }
        const fragment = sel.kind === Kind.FRAGMENT_SPREAD ? fragments[sel.name.value] : sel;
        if (!fragment) continue;
        const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : parent;
        const cost = selectionCost(fragment.selectionSet, (condition ?? parent) as GraphQLCompositeType);
        if (sel.kind === Kind.FRAGMENT_SPREAD) spreadCosts.set(sel.name.value, cost);
        total += cost;
      }
    }
    return total;
  };
  return selectionCost(input.operation.selectionSet, root);
}

/** Refuses operations costing more than `limit`; the cost and the limit are in the error. */
export function costLimitPlugin(limit: number): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, operation, document, request }) {
          if (!operation) return;
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          const cost = queryCost({ schema, operation, fragments, variables: request.variables ?? {} });
          if (cost <= limit) return;
          throw new AppError(ErrorCode.QUERY_TOO_COSTLY, `This query would cost ${cost}, above the limit of ${limit}; ask for smaller pages (first) or fewer nested lists`, {
            details: { cost, limit, http: { status: 400 } },
          });
        },
      };
    },
  };
}
