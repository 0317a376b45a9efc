// The EphemChat developer dashboard: one dependency-free script (the page's CSP allows nothing inline or remote).
// Pages are chosen by the URL fragment (#/resources, #/console, #/structured, #/traces, #/traces/{id}, #/metrics)
// and read the dashboard's JSON APIs, which need the session cookie set by the one-time login link.
(() => {
  'use strict';

  const REFRESH_MS = 2000;
  const MAX_CONSOLE_LINES = 5000;
  const PALETTE = ['#4f46e5', '#0e9f6e', '#d97706', '#db2777', '#0284c7', '#7c3aed', '#65a30d', '#dc2626', '#0891b2', '#9333ea'];
  const main = document.getElementById('main');
  let cleanup = [];
  let knownResources = [];

  // ---------- helpers ----------

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : value);
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const svgNs = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, ...children) {
    const el = document.createElementNS(svgNs, tag);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
    append(el, children);
    return el;
  }

  class ApiError extends Error {
    constructor(status, title) { super(title); this.status = status; }
  }

  async function api(path, options = {}) {
    const response = await fetch(path, {
      ...options,
      headers: { 'Accept': 'application/json', 'X-Dashboard-Request': '1', ...(options.headers || {}) },
      credentials: 'same-origin',
    });
    if (!response.ok) {
      let title = response.statusText;
      try { title = (await response.json()).title || title; } catch { /* not a problem body */ }
      if (response.status === 401) showLoginBanner();
      throw new ApiError(response.status, title);
    }
    return response.json();
  }

  function showLoginBanner() {
    if (document.getElementById('login-banner')) return;
    main.prepend(h('div', { id: 'login-banner', class: 'banner' },
      'Your dashboard session is not valid. Open the login URL the AppHost printed at start.'));
  }

  let toastTimer;
  function toast(message) {
    const el = document.getElementById('toast');
    el.textContent = message;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, 4000);
  }

  function every(ms, fn) {
    let stopped = false;
    let timer;
    const tick = async () => {
      try { await fn(); } catch (e) { if (!(e instanceof ApiError)) console.error(e); }
      if (!stopped) timer = setTimeout(tick, ms);
    };
    tick();
    cleanup.push(() => { stopped = true; clearTimeout(timer); });
  }

  function colorOf(name) {
    let hash = 0;
    for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
    const known = knownResources.indexOf(name);
    return PALETTE[(known >= 0 ? known : hash) % PALETTE.length];
  }

  function resourceChip(label, resource = label) {
    const dot = h('span', { class: 'dot' });
    dot.style.background = colorOf(resource);
    return h('span', { class: 'chip' }, dot, label);
  }

  function pad(n, width = 2) { return String(n).padStart(width, '0'); }
  function clock(ms, withMillis = true) {
    const d = new Date(ms);
    const base = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    return withMillis ? `${base}.${pad(d.getMilliseconds(), 3)}` : base;
  }
  function duration(ms) {
    if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
    if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
    return `${(ms / 1000).toFixed(2)} s`;
  }
  function uptime(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    const s = Math.floor(seconds);
    if (s < 60) return `${s} s`;
    if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
    return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  }
  function number(v) {
    const abs = Math.abs(v);
    if (abs === 0) return '0';
    if (abs >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
    if (abs >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
    if (abs >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
    if (abs >= 100) return v.toFixed(0);
    if (abs >= 1) return v.toFixed(abs >= 10 ? 1 : 2);
    return v.toPrecision(2);
  }

  function query() {
    const hash = location.hash.replace(/^#/, '');
    const [path, search] = hash.split('?');
    return { path: path || '/resources', params: new URLSearchParams(search || '') };
  }

  function setQuery(path, params) {
    const search = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
    history.replaceState(null, '', `#${path}${search ? `?${search}` : ''}`);
  }

  function head(title, lead, ...extra) {
    return h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, title), lead ? h('p', { class: 'lead' }, lead) : null), ...extra);
  }

  function option(value, label, selected) {
    return h('option', { value, selected: value === selected }, label);
  }

  async function loadResourceNames() {
    try {
      const resources = await api('/api/resources');
      knownResources = [...new Set(resources.map(r => r.name))];
      return resources;
    } catch {
      return [];
    }
  }

  function stateBadge(state) {
    const kind = { Running: 'ok', Starting: 'warn', Waiting: 'idle', Restarting: 'warn', Stopped: 'idle', Failed: 'bad' }[state] || 'idle';
    return h('span', { class: `badge ${kind}` }, state);
  }

  function healthBadge(health) {
    if (!health) return h('span', { class: 'muted' }, '—');
    const kind = { Healthy: 'ok', Unhealthy: 'bad', Checking: 'warn' }[health] || 'idle';
    return h('span', { class: `badge ${kind}` }, health);
  }

  function levelBadge(level) {
    const kind = { Critical: 'bad', Error: 'bad', Warning: 'warn', Information: 'ok' }[level] || 'idle';
    return h('span', { class: `badge ${kind}` }, level);
  }

  function attributes(list) {
    if (!list || list.length === 0) return h('p', { class: 'muted' }, 'No attributes.');
    return h('dl', { class: 'kv' }, list.flatMap(a => [h('dt', {}, a.key), h('dd', {}, a.value)]));
  }

  // ---------- Resources ----------

  function resourcesPage() {
    const body = h('tbody');
    main.append(
      head('Resources', 'Every replica the AppHost runs. Stop, start or restart one; its console output is one click away.'),
      h('table', { class: 'grid', id: 'resources' },
        h('thead', {}, h('tr', {}, ['Name', 'State', 'Health', 'PID', 'URLs', 'Restarts', 'Uptime', 'Actions'].map(t => h('th', {}, t)))),
        body));
    const busy = new Set();

    async function act(resource, action) {
      const key = `${resource.name}/${resource.replica}`;
      busy.add(key);
      render(lastResources);
      try {
        await api(`/api/resources/${encodeURIComponent(resource.name)}/${action}?replica=${resource.replica}`, { method: 'POST' });
        toast(`${resource.displayName}: ${action} requested`);
      } catch (e) {
        toast(`${resource.displayName}: ${e.message}`);
      } finally {
        busy.delete(key);
        await refresh();
      }
    }

    let lastResources = [];
    function render(resources) {
      body.replaceChildren(...resources.map(r => {
        const working = busy.has(`${r.name}/${r.replica}`);
        const stopped = r.state === 'Stopped' || r.state === 'Failed';
        return h('tr', { 'data-resource': r.displayName },
          h('td', { class: 'nowrap' }, resourceChip(r.displayName, r.name)),
          h('td', {}, stateBadge(r.state), r.lastError && r.state !== 'Running' ? h('div', { class: 'muted' }, r.lastError) : null),
          h('td', {}, healthBadge(r.health)),
          h('td', { class: 'num mono' }, r.pid ?? '—'),
          h('td', { class: 'urls' }, r.urls.length ? r.urls.map(u => u.startsWith('http')
            ? h('a', { href: u.replace('127.0.0.1', 'localhost'), target: '_blank', rel: 'noopener noreferrer' }, u)
            : h('span', { class: 'mono' }, u)) : '—'),
          h('td', { class: 'num' }, r.restarts),
          h('td', { class: 'nowrap' }, uptime(r.uptimeSeconds)),
          h('td', {}, h('div', { class: 'actions' },
            h('button', { class: 'danger', disabled: working || stopped, onclick: () => act(r, 'stop') }, 'Stop'),
            h('button', { disabled: working || !stopped, onclick: () => act(r, 'start') }, 'Start'),
            h('button', { disabled: working || r.state === 'Waiting', onclick: () => act(r, 'restart') }, 'Restart'),
            h('a', { href: `#/console?resource=${encodeURIComponent(r.name)}&replica=${r.replica}` }, 'Logs'))));
      }));
      if (resources.length === 0) body.append(h('tr', {}, h('td', { colspan: 8, class: 'empty' }, 'No resources.')));
    }

    async function refresh() {
      lastResources = await loadResourceNames();
      render(lastResources);
    }
    every(REFRESH_MS, refresh);
  }

  // ---------- Console logs ----------

  const ANSI = /\x1b\[([0-9;]*)m/g;
  function ansiLine(text) {
    const parts = [];
    let classes = [];
    let last = 0;
    for (const match of text.matchAll(ANSI)) {
      if (match.index > last) parts.push(span(text.slice(last, match.index)));
      last = match.index + match[0].length;
      for (const code of (match[1] || '0').split(';').map(Number)) {
        if (code === 0 || code === 39) classes = classes.filter(c => c === 'ansi-bold' && code === 39);
        else if (code === 1) classes.push('ansi-bold');
        else if (code === 22) classes = classes.filter(c => c !== 'ansi-bold');
        else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) classes = [...classes.filter(c => c === 'ansi-bold'), `ansi-${code}`];
      }
    }
    if (last < text.length) parts.push(span(text.slice(last)));
    return parts;

    function span(value) {
      return classes.length ? h('span', { class: classes.join(' ') }, value) : document.createTextNode(value);
    }
  }

  async function consolePage() {
    const { params } = query();
    const resources = await loadResourceNames();
    const choices = resources.map(r => ({ value: `${r.name}/${r.replica}`, label: r.displayName }));
    let current = params.get('resource') ? `${params.get('resource')}/${params.get('replica') || 0}` : choices[0]?.value;
    const select = h('select', { 'aria-label': 'Resource', onchange: () => { current = select.value; connect(); } },
      choices.map(c => option(c.value, c.label, current)));
    const follow = h('input', { type: 'checkbox', checked: true });
    const pane = h('div', { class: 'console', id: 'console', role: 'log' });
    main.append(
      head('Console logs', 'What each replica writes to stdout and stderr, live.'),
      h('div', { class: 'toolbar' },
        h('label', {}, 'Resource', select),
        h('label', {}, follow, 'Follow'),
        h('button', { onclick: () => pane.replaceChildren() }, 'Clear view')),
      pane);

    let source = null;
    cleanup.push(() => source?.close());

    function connect() {
      source?.close();
      pane.replaceChildren();
      if (!current) {
        pane.append(h('div', { class: 'muted' }, 'No resources.'));
        return;
      }
      const [name, replica] = current.split('/');
      setQuery('/console', { resource: name, replica });
      source = new EventSource(`/api/logs/console/${encodeURIComponent(name)}/stream?replica=${replica}`);
      source.addEventListener('line', event => {
        const line = JSON.parse(event.data);
        pane.append(h('div', { class: line.isError ? 'line err' : 'line' },
          h('span', { class: 'ts' }, clock(Date.parse(line.time))), ansiLine(line.text)));
        while (pane.childElementCount > MAX_CONSOLE_LINES) pane.firstElementChild.remove();
        if (follow.checked) pane.scrollTop = pane.scrollHeight;
      });
      source.onerror = () => { if (source.readyState === EventSource.CLOSED) api('/api/resources').catch(() => {}); };
    }
    connect();
  }

  // ---------- Structured logs ----------

  async function structuredPage() {
    const { params } = query();
    const resources = await loadResourceNames();
    const state = {
      resource: params.get('resource') || '',
      level: params.get('level') || '',
      q: params.get('q') || '',
      traceId: params.get('traceId') || '',
    };
    const resourceSelect = h('select', { 'aria-label': 'Resource', onchange: () => { state.resource = resourceSelect.value; refresh(); } },
      option('', 'All resources', state.resource), knownResources.map(n => option(n, n, state.resource)));
    const levelSelect = h('select', { 'aria-label': 'Minimum level', onchange: () => { state.level = levelSelect.value; refresh(); } },
      [['', 'All levels'], ['debug', 'Debug and up'], ['information', 'Information and up'], ['warning', 'Warning and up'], ['error', 'Error and up']]
        .map(([v, l]) => option(v, l, state.level)));
    let debounce;
    const search = h('input', { type: 'search', placeholder: 'Search messages and attributes', value: state.q, 'aria-label': 'Search',
      oninput: () => { clearTimeout(debounce); debounce = setTimeout(() => { state.q = search.value; refresh(); }, 250); } });
    const live = h('input', { type: 'checkbox', checked: true });
    const traceFilter = h('span');
    const count = h('span', { class: 'muted' });
    const body = h('tbody');
    main.append(
      head('Structured logs', 'OpenTelemetry log records from every service, newest first.'),
      h('div', { class: 'toolbar' }, resourceSelect, levelSelect, search, h('label', {}, live, 'Live'), traceFilter, count),
      h('table', { class: 'grid', id: 'structured-logs' },
        h('thead', {}, h('tr', {}, ['Time', 'Level', 'Resource', 'Message', 'Trace'].map(t => h('th', {}, t)))),
        body));
    const expanded = new Set();

    function renderTraceFilter() {
      traceFilter.replaceChildren(state.traceId
        ? h('span', { class: 'chip' }, 'Trace ', h('code', {}, state.traceId.slice(0, 12)),
          h('button', { onclick: () => { state.traceId = ''; refresh(); } }, '×'))
        : '');
    }

    async function refresh() {
      setQuery('/structured', state);
      renderTraceFilter();
      const search = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
      search.set('limit', '300');
      const page = await api(`/api/logs/structured?${search}`);
      count.textContent = `${page.total} record${page.total === 1 ? '' : 's'}`;
      body.replaceChildren(...page.items.flatMap(e => {
        const rows = [h('tr', { class: 'clickable', onclick: () => { expanded.has(e.sequence) ? expanded.delete(e.sequence) : expanded.add(e.sequence); refresh(); } },
          h('td', { class: 'nowrap mono' }, clock(e.time)),
          h('td', {}, levelBadge(e.level)),
          h('td', { class: 'nowrap' }, resourceChip(e.resource)),
          h('td', {}, h('div', { class: 'message' }, e.message || h('span', { class: 'muted' }, '(no message)')),
            h('div', { class: 'muted' }, e.category)),
          h('td', { class: 'nowrap' }, e.traceId
            ? h('a', { href: `#/traces/${e.traceId}`, onclick: ev => ev.stopPropagation() }, e.traceId.slice(0, 8))
            : h('span', { class: 'muted' }, '—')))];
        if (expanded.has(e.sequence)) {
          rows.push(h('tr', { class: 'details' }, h('td', { colspan: 5 },
            h('dl', { class: 'kv' },
              h('dt', {}, 'replica'), h('dd', {}, e.instance),
              h('dt', {}, 'category'), h('dd', {}, e.category),
              h('dt', {}, 'trace id'), h('dd', {}, e.traceId || '—'),
              h('dt', {}, 'span id'), h('dd', {}, e.spanId || '—')),
            h('h2', {}, 'Attributes'), attributes(e.attributes))));
        }
        return rows;
      }));
      if (page.items.length === 0) body.append(h('tr', {}, h('td', { colspan: 5, class: 'empty' }, 'No log records match.')));
    }
    every(REFRESH_MS, () => (live.checked || body.childElementCount === 0 ? refresh() : Promise.resolve()));
  }

  // ---------- Traces ----------

  async function tracesPage() {
    const { params } = query();
    await loadResourceNames();
    const state = { resource: params.get('resource') || '', q: params.get('q') || '', errors: params.get('errors') || '' };
    const resourceSelect = h('select', { 'aria-label': 'Resource', onchange: () => { state.resource = resourceSelect.value; refresh(); } },
      option('', 'All resources', state.resource), knownResources.map(n => option(n, n, state.resource)));
    let debounce;
    const search = h('input', { type: 'search', placeholder: 'Search span names or a trace id', value: state.q, 'aria-label': 'Search',
      oninput: () => { clearTimeout(debounce); debounce = setTimeout(() => { state.q = search.value; refresh(); }, 250); } });
    const errorsOnly = h('input', { type: 'checkbox', checked: state.errors === 'true',
      onchange: () => { state.errors = errorsOnly.checked ? 'true' : ''; refresh(); } });
    const live = h('input', { type: 'checkbox', checked: true });
    const count = h('span', { class: 'muted' });
    const body = h('tbody');
    main.append(
      head('Traces', 'Requests across services, newest first. Open one for its waterfall.'),
      h('div', { class: 'toolbar' }, resourceSelect, search, h('label', {}, errorsOnly, 'Errors only'), h('label', {}, live, 'Live'), count),
      h('table', { class: 'grid', id: 'traces' },
        h('thead', {}, h('tr', {}, ['Time', 'Name', 'Resources', 'Spans', 'Duration', 'Errors'].map(t => h('th', {}, t)))),
        body));

    async function refresh() {
      setQuery('/traces', state);
      const search = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
      search.set('limit', '100');
      const page = await api(`/api/traces?${search}`);
      count.textContent = `${page.total} trace${page.total === 1 ? '' : 's'}`;
      const longest = Math.max(1, ...page.items.map(t => t.durationMs));
      body.replaceChildren(...page.items.map(t => {
        const bar = h('div', { class: 'durationbar' });
        bar.style.width = `${Math.max(2, (t.durationMs / longest) * 100)}%`;
        return h('tr', { class: 'clickable', 'data-trace-id': t.traceId, 'data-resource-count': t.resourceCount,
          onclick: () => { location.hash = `#/traces/${t.traceId}`; } },
          h('td', { class: 'nowrap mono' }, clock(t.start)),
          h('td', {}, h('a', { href: `#/traces/${t.traceId}` }, t.name), h('div', { class: 'muted mono' }, t.traceId.slice(0, 16))),
          h('td', {}, t.resources.map(r => resourceChip(r))),
          h('td', { class: 'num' }, t.spanCount),
          h('td', { class: 'nowrap' }, duration(t.durationMs), bar),
          h('td', {}, t.hasError ? h('span', { class: 'badge bad' }, `${t.errorCount} error${t.errorCount === 1 ? '' : 's'}`) : h('span', { class: 'muted' }, '—')));
      }));
      if (page.items.length === 0) body.append(h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No traces yet.')));
    }
    every(REFRESH_MS, () => (live.checked || body.childElementCount === 0 ? refresh() : Promise.resolve()));
  }

  async function traceDetailPage(traceId) {
    await loadResourceNames();
    let trace;
    try {
      trace = await api(`/api/traces/${encodeURIComponent(traceId)}`);
    } catch (e) {
      main.append(head('Trace', null), h('p', { class: 'empty' }, e.message), h('a', { href: '#/traces' }, 'Back to traces'));
      return;
    }
    const total = Math.max(trace.durationMs, 0.001);
    const detail = h('div', { class: 'card span-detail', id: 'span-detail' }, h('p', { class: 'muted' }, 'Select a span for its attributes.'));
    const stat = (value, label) => h('div', { class: 'stat' }, h('b', {}, value), h('span', {}, label));
    const ticks = h('div', { class: 'wf-ticks' }, [0, 0.25, 0.5, 0.75, 1].map((f, i, all) => {
      const tick = h('span', { class: `wf-tick muted${i === 0 ? ' first' : ''}${i === all.length - 1 ? ' last' : ''}` }, duration(total * f));
      tick.style.left = `${f * 100}%`;
      return tick;
    }));
    const rows = trace.spans.map(span => {
      const bar = h('div', { class: `wf-bar${span.status === 'error' ? ' error' : ''}`, title: `${span.name}: ${duration(span.durationMs)}` });
      const left = (span.offsetMs / total) * 100;
      const width = Math.max(0.3, (span.durationMs / total) * 100);
      bar.style.left = `${Math.min(left, 99.7)}%`;
      bar.style.width = `${Math.min(width, 100 - Math.min(left, 99.7))}%`;
      bar.style.background = colorOf(span.resource);
      const label = h('span', { class: 'wf-dur' }, duration(span.durationMs));
      if (left + width > 80) {
        label.style.right = `${100 - left + 0.5}%`;
      } else {
        label.style.left = `${left + width + 0.5}%`;
      }
      const name = h('div', { class: 'wf-name' }, resourceChip(span.resource), h('span', { class: 'label', title: span.name }, span.name));
      name.style.paddingLeft = `${10 + span.depth * 16}px`;
      const row = h('div', { class: 'wf-row', 'data-span-id': span.spanId, 'data-resource': span.resource },
        name, h('div', { class: 'wf-track' }, bar, label));
      row.addEventListener('click', () => {
        for (const other of rows) other.classList.remove('selected');
        row.classList.add('selected');
        showSpan(span);
      });
      return row;
    });

    function showSpan(span) {
      detail.replaceChildren();
      append(detail, [
        h('h2', {}, span.name),
        h('dl', { class: 'kv' },
          h('dt', {}, 'resource'), h('dd', {}, `${span.resource} (${span.instance})`),
          h('dt', {}, 'kind'), h('dd', {}, span.kind),
          h('dt', {}, 'scope'), h('dd', {}, span.scope || '—'),
          h('dt', {}, 'start'), h('dd', {}, `${clock(span.start)} (+${duration(span.offsetMs)})`),
          h('dt', {}, 'duration'), h('dd', {}, duration(span.durationMs)),
          h('dt', {}, 'status'), h('dd', {}, span.status + (span.statusMessage ? `: ${span.statusMessage}` : '')),
          h('dt', {}, 'span id'), h('dd', {}, span.spanId)),
        h('h2', {}, 'Attributes'), attributes(span.attributes),
        span.events.length ? [h('h2', {}, 'Events'), span.events.map(e => h('div', {}, h('b', {}, `+${duration(e.offsetMs)} ${e.name}`), attributes(e.attributes)))] : null]);
    }

    main.append(
      head(trace.name, null, h('a', { href: '#/traces' }, '← All traces'), h('a', { href: `#/structured?traceId=${trace.traceId}` }, 'Logs of this trace')),
      h('div', { class: 'card trace-head' },
        stat(clock(trace.start), 'started'),
        stat(duration(trace.durationMs), 'duration'),
        stat(trace.spans.length, 'spans'),
        stat(trace.resources.length, 'resources'),
        stat(trace.errorCount, 'errors'),
        h('div', { class: 'stat' }, h('div', {}, trace.resources.map(r => resourceChip(r))), h('span', { class: 'mono' }, trace.traceId))),
      h('div', { class: 'card waterfall', id: 'waterfall', 'data-resource-count': trace.resources.length },
        h('div', { class: 'wf-row header' }, h('div', { class: 'wf-name' }, 'Span'), ticks),
        rows),
      detail);
  }

  // ---------- Metrics ----------

  const KEY_CHARTS = [
    { id: 'http', title: 'HTTP requests', unit: 'req/s', find: list => list.find(i => i.name === 'http.server.request.duration'), stat: 'rate',
      missing: 'No http.server.request.duration yet: make a request through the gateway.' },
    { id: 'pairs', title: 'Pairs made', unit: 'pairs/s', find: list => list.find(i => i.meter === 'EphemChat.Matchmaking' && /pair/i.test(i.name)), stat: 'rate',
      missing: 'No pairing instrument on the EphemChat.Matchmaking meter yet.' },
    { id: 'queue', title: 'Search queue length', unit: 'searching', find: list => list.find(i => i.meter === 'EphemChat.Matchmaking' && /queue|search/i.test(i.name)), stat: 'value',
      missing: 'No queue instrument on the EphemChat.Matchmaking meter yet.' },
    { id: 'hub', title: 'Hub connections', unit: 'connections', find: list => list.find(i => i.name === 'signalr.server.active_connections'), stat: 'value',
      missing: 'No signalr.server.active_connections yet: open the web app.' },
  ];

  async function metricsPage() {
    const { params } = query();
    await loadResourceNames();
    let minutes = params.get('minutes') || '5';
    let picked = params.get('name') || 'dotnet.process.memory.working_set';
    let pickedStat = params.get('stat') || '';
    const windowSelect = h('select', { 'aria-label': 'Window', onchange: () => { minutes = windowSelect.value; refresh(); } },
      [['1', 'Last minute'], ['5', 'Last 5 minutes'], ['15', 'Last 15 minutes'], ['60', 'Last hour']].map(([v, l]) => option(v, l, minutes)));
    const cards = Object.fromEntries(KEY_CHARTS.map(c => [c.id, chartCard(c.title)]));
    const picker = h('select', { 'aria-label': 'Instrument', onchange: () => { picked = picker.value; refresh(); } });
    const statPicker = h('select', { 'aria-label': 'Statistic', onchange: () => { pickedStat = statPicker.value; refresh(); } },
      [['', 'Default'], ['rate', 'Rate per second'], ['value', 'Current value'], ['average', 'Average (histograms)']].map(([v, l]) => option(v, l, pickedStat)));
    const any = chartCard('Any instrument', h('div', { class: 'pickers' }, picker, statPicker));
    main.append(
      head('Metrics', 'Key instruments of the running system, every replica summed per resource.'),
      h('div', { class: 'toolbar' }, windowSelect),
      h('div', { class: 'charts', id: 'charts' }, KEY_CHARTS.map(c => cards[c.id].el), any.el));

    let instrumentsKey = '';
    async function refresh() {
      setQuery('/metrics', { minutes, name: picked, stat: pickedStat });
      const instruments = await api('/api/metrics/instruments');
      const key = instruments.map(i => `${i.meter}/${i.name}`).join('|');
      if (key !== instrumentsKey) {
        instrumentsKey = key;
        const byMeter = new Map();
        for (const i of instruments) byMeter.set(i.meter, [...(byMeter.get(i.meter) || []), i]);
        if (!instruments.some(i => i.name === picked) && instruments.length) picked = instruments[0].name;
        picker.replaceChildren(...[...byMeter.entries()].map(([meter, list]) =>
          h('optgroup', { label: meter || '(no meter)' }, list.map(i => option(i.name, i.name, picked)))));
        picker.value = picked;
      }
      await Promise.all([
        ...KEY_CHARTS.map(async c => {
          const instrument = c.find(instruments);
          if (!instrument) {
            cards[c.id].hint(c.missing);
            return;
          }
          const chart = await api(`/api/metrics?${new URLSearchParams({ name: instrument.name, meter: instrument.meter, minutes, stat: c.stat })}`);
          cards[c.id].draw(chart, c.unit);
        }),
        (async () => {
          const instrument = instruments.find(i => i.name === picked);
          if (!instrument) {
            any.hint('No metrics received yet.');
            return;
          }
          const search = new URLSearchParams({ name: instrument.name, meter: instrument.meter, minutes });
          if (pickedStat) search.set('stat', pickedStat);
          const chart = await api(`/api/metrics?${search}`);
          any.draw(chart, chart.statistic === 'rate' ? '/s' : chart.unit);
        })(),
      ]);
    }
    every(REFRESH_MS, refresh);
  }

  function chartCard(title, extra) {
    const subtitle = h('span', { class: 'instrument' });
    const plot = h('div', { class: 'plot' });
    const legend = h('div', { class: 'legend' });
    const el = h('div', { class: 'card chart-card' }, h('div', { class: 'chart-title' }, h('h2', {}, title), subtitle), extra, plot, legend);
    return {
      el,
      hint(message) {
        subtitle.textContent = '';
        legend.replaceChildren();
        plot.replaceChildren(h('div', { class: 'hint' }, message));
      },
      draw(chart, unit) {
        subtitle.textContent = `${chart.name} · ${chart.statistic}${unit ? ` (${unit})` : ''}`;
        plot.replaceChildren(svgChart(chart, unit));
        legend.replaceChildren(...chart.series.map(series => {
          const last = series.points.length ? series.points[series.points.length - 1].value : null;
          return h('span', { class: 'chip' }, resourceChip(series.resource), h('span', { class: 'muted' }, last === null ? '' : number(last)));
        }));
      },
    };
  }

  function svgChart(chart, unit) {
    const width = 600;
    const height = 190;
    const left = 46;
    const right = 10;
    const top = 10;
    const bottom = 22;
    const from = chart.fromUnixMilliseconds;
    const to = chart.toUnixMilliseconds;
    const values = chart.series.flatMap(series => series.points.map(p => p.value));
    const max = niceMax(Math.max(0, ...values));
    const x = t => left + ((t - from) / Math.max(1, to - from)) * (width - left - right);
    const y = v => top + (1 - v / max) * (height - top - bottom);
    const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': chart.name });
    for (const f of [0, 0.5, 1]) {
      svg.append(s('line', { class: 'axis', x1: left, x2: width - right, y1: y(max * f), y2: y(max * f) }));
      svg.append(s('text', { class: 'tick', x: left - 6, y: y(max * f) + 4, 'text-anchor': 'end' }, number(max * f)));
    }
    for (const f of [0, 0.5, 1]) {
      const t = from + (to - from) * f;
      svg.append(s('text', { class: 'tick', x: x(t), y: height - 6, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' }, clock(t, false)));
    }
    for (const series of chart.series) {
      // A gap longer than two buckets (a stopped replica) breaks the line instead of bridging it.
      let segment = [];
      const flush = () => {
        if (segment.length > 0) {
          svg.append(s('polyline', { class: 'series', stroke: colorOf(series.resource), points: segment.join(' ') }));
        }
        segment = [];
      };
      let previous = null;
      for (const p of series.points) {
        if (previous !== null && p.timeUnixMilliseconds - previous > chart.bucketMilliseconds * 2) flush();
        segment.push(`${x(p.timeUnixMilliseconds).toFixed(1)},${y(p.value).toFixed(1)}`);
        previous = p.timeUnixMilliseconds;
      }
      if (segment.length === 1) segment.push(segment[0]);
      flush();
    }
    if (values.length === 0) {
      svg.append(s('text', { class: 'tick', x: width / 2, y: height / 2, 'text-anchor': 'middle' }, `no ${unit || 'data'} in this window`));
    }
    return svg;
  }

  function niceMax(value) {
    if (value <= 0) return 1;
    const exponent = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) {
      if (value <= step * exponent) return step * exponent;
    }
    return 10 * exponent;
  }

  // ---------- telemetry status and routing ----------

  async function telemetryStatus() {
    try {
      const t = await api('/api/telemetry');
      document.getElementById('telemetry-status').textContent =
        `spans ${t.spans.count}/${t.spans.capacity} · logs ${t.logs.count}/${t.logs.capacity} · metric points ${t.metricPoints.count}/${t.metricPoints.capacity}` +
        (t.forwardingTo ? ` · forwarding to ${t.forwardingTo}` : '');
    } catch { /* the banner says why */ }
  }

  async function route() {
    for (const stop of cleanup) stop();
    cleanup = [];
    main.replaceChildren();
    const { path } = query();
    const page = path.split('/')[1] || 'resources';
    for (const link of document.querySelectorAll('.sidebar a')) {
      link.classList.toggle('active', link.dataset.page === (page === 'traces' ? 'traces' : page));
    }
    const traceId = path.startsWith('/traces/') ? path.slice('/traces/'.length) : null;
    try {
      if (traceId) await traceDetailPage(traceId);
      else if (page === 'console') await consolePage();
      else if (page === 'structured') await structuredPage();
      else if (page === 'traces') await tracesPage();
      else if (page === 'metrics') await metricsPage();
      else resourcesPage();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  window.addEventListener('hashchange', route);
  route();
  telemetryStatus();
  setInterval(telemetryStatus, 5000);
})();
