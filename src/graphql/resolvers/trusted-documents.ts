// Trusted documents in GraphQL: the list and the two mutations, thin calls into the domain.
// Registration checks each body the way a request's text is checked: the shape limits
// before parsing (document-shape.ts), then parsing and validation against this schema.
import { GraphQLError, Kind, parse, validate, type GraphQLSchema } from 'graphql';
import type { Config } from '../../config.js';
import type { DocumentCheck } from '../../trusted-documents/manager.js';
import { shapeRefusal } from '../document-shape.js';
import { counted } from '../prefetch.js';
import type { MutationResolvers, Resolvers } from '../resolvers-types.js';

function documentCheck(schema: GraphQLSchema, config: Config): DocumentCheck {
  return (body) => {
    const refusal = shapeRefusal(body, config.MAX_QUERY_TOKENS, config.MAX_QUERY_DEPTH);
    if (refusal) return { problem: refusal.message };
    try {
      const document = parse(body, { maxTokens: config.MAX_QUERY_TOKENS });
      const [error] = validate(schema, document);
      if (error) return { problem: error.message };
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      return { name: operation?.name?.value ?? null };
    } catch (error) {
      if (error instanceof GraphQLError) return { problem: error.message };
      throw error;
    }
  };
}

const reads: Resolvers = {
  Query: {
    trustedDocuments: (_parent, args, ctx, info) =>
      ctx.services.trustedDocuments.list(ctx.actor('VIEWER', 'trustedDocuments').teamId, { ...args, counted: counted(info) }),
  },
};

const registerTrustedDocuments: MutationResolvers['registerTrustedDocuments'] = (_parent, { documents }, ctx, info) =>
  ctx.services.trustedDocuments.register(ctx.actor('ADMIN', 'registerTrustedDocuments'), documents, documentCheck(info.schema, ctx.services.config));

const removeTrustedDocuments: MutationResolvers['removeTrustedDocuments'] = (_parent, { hashes }, ctx) =>
  ctx.services.trustedDocuments.remove(ctx.actor('ADMIN', 'removeTrustedDocuments'), hashes);

export const trustedDocumentResolvers: Resolvers[] = [reads, { Mutation: { registerTrustedDocuments, removeTrustedDocuments } }];
