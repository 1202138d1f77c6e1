// The browser side of the playground, served as /playground/assets/playground.js (the
// page's CSP allows no inline script). Plain ES2017 for the browser; it is kept as a
// string so it ships inside dist/ like the rest of the server. It reads its settings from
// the page's <script type="application/json" id="playground-config"> and expects the
// UMD globals React, ReactDOM, GraphiQL and graphqlWs loaded before it.
//
// A URL's ?query= and ?variables= open in a tab of their own (links from webhook digests
// and the monitor pages). The logo's place links to the monitor pages.
//
// Queries and mutations go over HTTP POST with the headers editor's headers. Subscriptions
// go over graphql-ws on the same path, with the headers editor's Authorization as
// connectionParams (one client per Authorization value, opened when first needed). A
// subscription's pane shows a log of what it received, newest first, each with the time it
// arrived, bounded to the last EVENT_LOG_LIMIT: { received, events: [{ receivedAt, data }] }.
export const PLAYGROUND_SCRIPT = String.raw`(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('playground-config').textContent);
  var httpUrl = new URL(config.endpoint, window.location.href);
  var wsUrl = new URL(httpUrl.href);
  wsUrl.protocol = httpUrl.protocol === 'https:' ? 'wss:' : 'ws:';

  function headerValue(headers, name) {
    for (var key in headers || {}) if (key.toLowerCase() === name) return String(headers[key]);
    return undefined;
  }

  var clients = {};
  function wsClient(authorization) {
    var id = authorization || '';
    if (!clients[id]) {
      clients[id] = graphqlWs.createClient({
        url: wsUrl.href,
        lazy: true,
        retryAttempts: 0,
        connectionParams: authorization ? { authorization: authorization } : {},
      });
    }
    return clients[id];
  }

  function isSubscription(params, opts) {
    var doc = opts && opts.documentAST;
    if (!doc) return /^\s*subscription\b/.test(params.query.replace(/#[^\n]*/g, ''));
    var ops = doc.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; });
    var op = params.operationName
      ? ops.find(function (d) { return d.name && d.name.value === params.operationName; })
      : ops[0];
    return Boolean(op) && op.operation === 'subscription';
  }

  function closeMessage(event) {
    return 'The WebSocket closed (' + event.code + (event.reason ? ': ' + event.reason : '') + ')';
  }

  var EVENT_LOG_LIMIT = 100;

  /** The pane's log after one more result: newest first, at most limit entries, each with its arrival time. */
  function eventLog(log, value, at, limit) {
    var events = [Object.assign({ receivedAt: at.toISOString() }, value)].concat(log.events).slice(0, limit);
    return { received: log.received + 1, events: events };
  }

  function subscribe(params, headers) {
    var client = wsClient(headerValue(headers, 'authorization'));
    return {
      subscribe: function (sink) {
        var log = { received: 0, events: [] };
        var dispose = client.subscribe(params, {
          next: function (value) {
            log = eventLog(log, value, new Date(), EVENT_LOG_LIMIT);
            sink.next(log);
          },
          complete: function () { sink.complete(); },
          error: function (error) {
            if (Array.isArray(error)) { sink.next({ errors: error }); sink.complete(); return; }
            if (error instanceof Error) { sink.error(error); return; }
            sink.error(new Error(error && typeof error.code === 'number' ? closeMessage(error) : String(error)));
          },
        });
        return { unsubscribe: dispose };
      },
    };
  }

  function fetcher(params, opts) {
    var headers = (opts && opts.headers) || {};
    if (isSubscription(params, opts)) return subscribe(params, headers);
    return fetch(httpUrl.href, {
      method: 'POST',
      headers: Object.assign({ 'content-type': 'application/json', accept: 'application/json' }, headers),
      body: JSON.stringify(params),
    }).then(function (response) {
      return response.text().then(function (text) {
        try { return JSON.parse(text); } catch (e) { return { errors: [{ message: 'HTTP ' + response.status + ': ' + text }] }; }
      });
    });
  }

  var tabs = config.tabs.map(function (tab) {
    return { query: tab.query, variables: tab.variables, headers: config.headers };
  });
  var props = {
    fetcher: fetcher,
    defaultTabs: tabs,
    defaultHeaders: config.headers,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
  };
  // A link may open the page on a query (?query=…&variables=…, GraphiQL's convention; the
  // webhook digests link to a run so): GraphiQL opens it in a tab of its own, made active.
  var linked = new URLSearchParams(window.location.search);
  if (linked.get('query')) {
    props.query = linked.get('query');
    var variables = linked.get('variables');
    try { variables = variables && JSON.stringify(JSON.parse(variables), null, 2); } catch (e) { /* shown as given */ }
    props.variables = variables || undefined;
    props.headers = config.headers;
  }
  // The logo's corner links to the monitor pages (charts of the same API).
  var monitorsLink = React.createElement('a', { className: 'monitor-pages-link', href: config.monitorsPath }, 'Monitor pages →');
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, props, React.createElement(GraphiQL.Logo, null, monitorsLink)));
})();
`;
