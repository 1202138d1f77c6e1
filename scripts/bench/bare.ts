// The baseline: Apollo Server 5 alone, with the gateway's SDL, answering the bench's
// queries from memory (no authentication, no database, no loaders). Its HTTP glue is the
// same minimal node:http + executeHTTPGraphQLRequest the gateway uses (not the standalone
// server's cors/body-parser stack), so the ratio measures what the gateway adds on top.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { defaultFieldResolver } from 'graphql';
import { loadSchemaDocument } from '../../src/graphql/sdl.js';

export interface BareServer {
  url: string;
  stop(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** `answers` maps a Query field's response key (alias or name) to the value it returns (the `data` the gateway answered). */
export async function startBare(answers: Record<string, unknown>): Promise<BareServer> {
  const schema = makeExecutableSchema({ typeDefs: await loadSchemaDocument() });
  // A root field answers what the gateway answered under its response key (an alias, or its
  // name); the fields below it are read from that answer by name, as graphql-js does by default.
  const apollo = new ApolloServer({
    schema,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    fieldResolver: (source, args, context, info) =>
      info.parentType.name === 'Query' ? answers[String(info.path.key)] : defaultFieldResolver(source, args, context, info),
  });
  await apollo.start();
  const server: Server = createServer((req, res) => {
    (async () => {
      const text = req.method === 'POST' ? await readBody(req) : '';
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = new URL(req.url ?? '/', 'http://bare');
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body: text ? JSON.parse(text) : undefined },
        context: async () => ({}),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') res.end(response.body.string);
      else {
        for await (const chunk of response.body.asyncIterator) res.write(chunk);
        res.end();
      }
    })().catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await apollo.stop();
    },
  };
}
