// PJSIP Monitor page: one WebSocket (/ws), JSON messages with a "type" (see the README).
'use strict';
(function () {
  const LEVELS = ['ERROR', 'WARNING', 'NOTICE', 'VERBOSE', 'DEBUG'];
  const MAX_LINES = 5000;          // lines kept in the page; the server keeps more (LogBuffer)
  const $ = (id) => document.getElementById(id);
  const state = { status: null, cards: new Map(), ws: null, retry: 0, view: 'dashboard',
    logSection: null, logSectionName: null, lines: [], counts: {}, levelsOn: new Set(LEVELS), sources: new Set(), renderQueued: false };

  const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const clock = (iso) => iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : '—';
  const duration = (iso) => {
    const s = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(sec).padStart(2, '0');
  };
  // Log times in the browser's zone, like the rest of the page (the server sends UTC instants).
  const pad = (n) => String(n).padStart(2, '0');
  const localTime = (iso) => { const d = new Date(iso); return isNaN(d) ? String(iso) : d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate())
    + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()); };
  function toast(text) { const t = $('toast'); t.textContent = text; t.hidden = false; clearTimeout(toast.timer); toast.timer = setTimeout(() => { t.hidden = true; }, 4000); }

  // ---- connection ---------------------------------------------------------------------------
  function connect() {
    const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    state.ws = ws;
    ws.onopen = () => { state.retry = 0; if (state.view === 'logs') subscribeLogs(); };
    ws.onmessage = (e) => { try { handle(JSON.parse(e.data)); } catch (err) { console.error(err); } };
    ws.onclose = () => {
      setIndicator(false, 'AMI: unknown (monitor disconnected)');
      // A closed socket may mean the log-in expired: then go to the log-in page instead of retrying.
      fetch('/api/session', { headers: { Accept: 'application/json' } }).then((r) => { if (r.status === 401) location.href = '/login'; }).catch(() => {});
      const delay = Math.min(10000, 500 * 2 ** state.retry++);
      setTimeout(connect, delay);
    };
  }
  function send(msg) { if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send(JSON.stringify(msg)); }
  function setIndicator(ok, text) { $('ami-indicator').classList.toggle('ok', ok); $('ami-indicator').classList.toggle('down', !ok); $('ami-text').textContent = text; }

  function handle(msg) {
    switch (msg.type) {
      case 'statusUpdate': onStatus(msg); break;
      case 'logHistory': onLogHistory(msg); break;
      case 'logUpdate': onLogUpdate(msg); break;
      case 'sectionSaved': $('edit-dialog').close(); toast('Saved “' + msg.section.name + '”'); break;
      case 'sectionDeleted': $('edit-dialog').close(); toast('Deleted “' + msg.section.name + '”'); break;
      case 'error':
        if ($('edit-dialog').open) { $('edit-error').textContent = msg.message; $('edit-error').hidden = false; } else toast(msg.message);
        break;
    }
  }

  // ---- dashboard ----------------------------------------------------------------------------
  function onStatus(msg) {
    state.status = msg;
    const c = msg.connection;
    setIndicator(c.usable && c.current, c.usable ? (c.current ? 'AMI connected' : 'AMI: resynchronising') : 'AMI ' + c.state.toLowerCase());
    $('mode').textContent = c.mode;
    const callsBy = new Map();
    for (const call of msg.calls) { if (!callsBy.has(call.endpoint)) callsBy.set(call.endpoint, []); callsBy.get(call.endpoint).push(call); }
    const grid = $('cards');
    const seen = new Set();
    let on = 0, off = 0, unk = 0, busy = 0, prev = null;
    for (const s of msg.sections) {
      seen.add(s.id);
      if (s.status === 'ONLINE') on++; else if (s.status === 'OFFLINE') off++; else unk++;
      if (s.activeCalls > 0) busy++;
      const calls = s.endpoints.flatMap((e) => callsBy.get(e) || []);
      let card = state.cards.get(s.id);
      if (!card) { card = document.createElement('article'); card.className = 'card'; card.dataset.sectionId = s.id; state.cards.set(s.id, card); }
      const html = cardHtml(s, calls);
      if (card._html !== html) { card.innerHTML = html; card._html = html; }
      card.className = 'card status-' + s.status + (calls.length > 0 ? ' in-call' : '');
      card._section = s;
      card._search = (s.name + ' ' + s.endpoints.join(' ')).toLowerCase();
      // keep DOM order equal to the server's order
      const expected = prev ? prev.nextSibling : grid.firstChild;
      if (expected !== card) grid.insertBefore(card, expected);
      prev = card;
    }
    for (const [id, card] of state.cards) if (!seen.has(id)) { card.remove(); state.cards.delete(id); }
    $('summary').innerHTML = '<span class="s-on"><b>' + on + '</b> online</span><span class="s-off"><b>' + off + '</b> offline</span><span><b>' + unk
      + '</b> unknown</span><span class="s-call"><b>' + busy + '</b> in a call</span>';
    applyCardFilter();
    tick();
    if (state.view === 'logs' && state.logSection) $('log-scope').textContent = scopeName();
  }

  function cardHtml(s, calls) {
    const eps = s.endpoints.length === 1 ? s.endpoints[0] : s.endpoints.length + ' endpoints: ' + s.endpoints.join(', ');
    const label = { ONLINE: 'Online', OFFLINE: 'Offline', UNKNOWN: 'Unknown' }[s.status];
    const online = s.endpoints.length > 1 ? ' (' + s.online + '/' + s.endpoints.length + ')' : '';
    const list = calls.map((c) => '<li class="call" title="' + esc(c.channel) + '"><span><span class="dir">' + (c.inbound ? '⟵ ' : '⟶ ') + '</span><span class="party">'
      + esc(c.otherPartyNumber || c.otherPartyName || (c.answeredAt ? 'unknown' : 'dialling…')) + '</span>' + (s.endpoints.length > 1 ? ' <span class="hint">' + esc(c.endpoint) + '</span>' : '')
      + '</span><span class="dur" data-since="' + esc(c.startedAt) + '" title="since ' + esc(clock(c.startedAt)) + (c.answeredAt ? '' : ' (ringing)') + '"></span></li>').join('');
    return '<div class="card-head"><span class="card-name" title="' + esc(s.name) + '">' + esc(s.name) + '</span><span class="status ' + s.status + '">' + label + online + '</span></div>'
      + '<div class="card-endpoints" title="' + esc(s.endpoints.join(', ')) + '">' + esc(eps) + '</div>'
      + '<div class="card-meta"><span>Updated <span class="updated">' + clock(s.lastUpdate) + '</span></span><span>Calls: <b class="call-count">' + s.activeCalls + '</b></span></div>'
      + '<ul class="calls">' + list + '</ul>'
      + '<div class="card-actions"><button class="secondary act-edit">Edit</button><button class="secondary act-logs">Logs</button><button class="secondary act-refresh">Refresh</button></div>';
  }

  function tick() { for (const el of document.querySelectorAll('.dur[data-since]')) el.textContent = duration(el.dataset.since); }
  setInterval(tick, 1000);

  function applyCardFilter() {
    const q = $('card-filter').value.trim().toLowerCase();
    let shown = 0;
    for (const card of state.cards.values()) { const ok = !q || card._search.includes(q); card.hidden = !ok; if (ok) shown++; }
    $('no-cards').hidden = shown > 0 || state.cards.size === 0;
  }
  for (const ev of ['input', 'change', 'search']) $('card-filter').addEventListener(ev, applyCardFilter);

  $('cards').addEventListener('click', (e) => {
    const btn = e.target.closest('button'); const card = e.target.closest('.card');
    if (!btn || !card) return;
    const s = card._section;
    if (btn.classList.contains('act-edit')) openEdit(s);
    else if (btn.classList.contains('act-logs')) { state.logSection = s.id; state.logSectionName = s.name; show('logs'); }
    else if (btn.classList.contains('act-refresh')) send({ type: 'requestUpdate' });
  });

  // ---- edit dialog --------------------------------------------------------------------------
  let editing = null;
  function openEdit(s) {
    editing = s;
    $('edit-title').textContent = s ? 'Edit section' : 'New section';
    $('edit-name').value = s ? s.name : '';
    $('edit-endpoints').value = s ? s.endpoints.join('\n') : '';
    $('edit-delete').hidden = !(s && s.saved);
    $('edit-error').hidden = true;
    $('edit-dialog').showModal();
  }
  $('new-section').addEventListener('click', () => openEdit(null));
  $('edit-cancel').addEventListener('click', () => $('edit-dialog').close());
  $('edit-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const endpoints = $('edit-endpoints').value.split(/[\s,]+/).map((x) => x.trim()).filter(Boolean);
    send({ type: 'saveSection', id: editing ? editing.id : null, name: $('edit-name').value, endpoints });
  });
  $('edit-delete').addEventListener('click', () => { if (editing && confirm('Delete section “' + editing.name + '”?')) send({ type: 'deleteSection', id: editing.id }); });

  // ---- views --------------------------------------------------------------------------------
  function show(view) {
    state.view = view;
    $('view-dashboard').hidden = view !== 'dashboard';
    $('view-logs').hidden = view !== 'logs';
    $('tab-dashboard').classList.toggle('active', view === 'dashboard');
    $('tab-logs').classList.toggle('active', view === 'logs');
    if (view === 'logs') subscribeLogs(); else send({ type: 'unsubscribeLogs' });
  }
  $('tab-dashboard').addEventListener('click', () => show('dashboard'));
  $('tab-logs').addEventListener('click', () => { show('logs'); });
  $('log-scope-all').addEventListener('click', () => { state.logSection = null; state.logSectionName = null; subscribeLogs(); });

  // ---- log viewer ---------------------------------------------------------------------------
  function scopeName() { return state.logSection ? 'section “' + state.logSectionName + '”' : 'all endpoints'; }
  function subscribeLogs() {
    $('log-scope').textContent = scopeName();
    $('log-scope-all').hidden = !state.logSection;
    state.awaitingHistory = []; // live lines that arrive before the history answer
    send({ type: 'subscribeLogs', section: state.logSection, history: 1000 });
  }
  const key = (l) => l.timestamp + '|' + l.file + '|' + l.message;
  function resetLines() { state.lines = []; state.counts = {}; }
  // The server subscribes before it reads the history, so a line can come both live and in the
  // history: merge them, dropping exact repeats, so that nothing is lost or shown twice.
  function onLogHistory(msg) {
    const early = state.awaitingHistory || [];
    state.awaitingHistory = null;
    resetLines();
    for (const l of msg.lines) addLine(l);
    state.seam = new Set(msg.lines.slice(-200).map(key));
    for (const l of early) addLine(l);
    renderLines();
  }
  function onLogUpdate(l) {
    if (state.awaitingHistory) { state.awaitingHistory.push(l); return; }
    addLine(l); queueRender();
  }
  function addLine(l) {
    if (state.seam && state.seam.size) { const k = key(l); if (state.seam.has(k)) { state.seam.delete(k); return; } }
    state.lines.push(l);
    state.counts[l.level] = (state.counts[l.level] || 0) + 1;
    if (l.source) { const src = l.source.split(/[:\s]/)[0]; if (!state.sources.has(src) && state.sources.size < 200) { state.sources.add(src); const o = document.createElement('option'); o.value = src; $('log-sources').appendChild(o); } }
    if (state.lines.length > MAX_LINES) { const old = state.lines.shift(); state.counts[old.level]--; }
  }
  function matches(l) {
    const text = $('log-text').value.trim().toLowerCase(), src = $('log-source').value.trim().toLowerCase();
    const level = LEVELS.includes(l.level) ? l.level : null;
    if (level && !state.levelsOn.has(level)) return false;
    if (src && !(l.source || '').toLowerCase().includes(src)) return false;
    if (text && !(l.message.toLowerCase().includes(text) || (l.source || '').toLowerCase().includes(text))) return false;
    return true;
  }
  function lineHtml(l) {
    return '<div class="log-line lv-' + esc(l.level) + '"><span class="t">' + esc(localTime(l.timestamp)) + '</span> <span class="lv">'
      + esc(l.level) + '</span> <span class="src">' + esc(l.source || '') + '</span> <span class="msg">' + esc(l.message) + '</span>'
      + (l.file ? ' <span class="f">[' + esc(l.file) + ']</span>' : '') + '</div>';
  }
  function queueRender() { if (!state.renderQueued) { state.renderQueued = true; setTimeout(() => { state.renderQueued = false; renderLines(); }, 150); } }
  function renderLines() {
    const box = $('log-lines');
    const shown = state.lines.filter(matches);
    box.innerHTML = shown.map(lineHtml).join('');
    $('log-shown').textContent = shown.length; $('log-total').textContent = state.lines.length;
    if ($('autoscroll').checked) box.scrollTop = box.scrollHeight;
    renderChips(); renderChart();
  }
  function renderChips() {
    $('level-chips').innerHTML = LEVELS.map((lv) => '<button class="chip' + (state.levelsOn.has(lv) ? '' : ' off') + '" data-level="' + lv + '" title="Show or hide ' + lv + '">'
      + lv + '<span class="n">' + (state.counts[lv] || 0) + '</span></button>').join('');
  }
  $('level-chips').addEventListener('click', (e) => {
    const chip = e.target.closest('.chip'); if (!chip) return;
    const lv = chip.dataset.level; if (state.levelsOn.has(lv)) state.levelsOn.delete(lv); else state.levelsOn.add(lv);
    renderLines();
  });
  function renderChart() {
    const canvas = $('log-chart'), ctx = canvas.getContext('2d');
    const minutes = 30, now = Math.floor(Date.now() / 60000), buckets = new Array(minutes).fill(0);
    for (const l of state.lines) { const i = minutes - 1 - (now - Math.floor(new Date(l.timestamp).getTime() / 60000)); if (i >= 0 && i < minutes) buckets[i]++; }
    const max = Math.max(1, ...buckets), w = canvas.width / minutes;
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#3b82f6';
    buckets.forEach((n, i) => { const h = Math.round((n / max) * (canvas.height - 14)); ctx.fillRect(i * w + 1, canvas.height - h, w - 2, h); });
    ctx.fillStyle = '#64748b'; ctx.font = '10px system-ui'; ctx.fillText('max ' + max + '/min', 4, 10);
  }
  let filterTimer;
  for (const id of ['log-text', 'log-source']) for (const ev of ['input', 'change', 'search']) $(id).addEventListener(ev, () => { clearTimeout(filterTimer); filterTimer = setTimeout(renderLines, 120); });
  $('autoscroll').addEventListener('change', () => { if ($('autoscroll').checked) $('log-lines').scrollTop = $('log-lines').scrollHeight; });
  $('log-clear').addEventListener('click', () => { resetLines(); state.seam = null; renderLines(); });

  // ---- start --------------------------------------------------------------------------------
  fetch('/api/session', { headers: { Accept: 'application/json' } }).then((r) => r.ok ? r.json() : Promise.reject(r.status)).then((s) => {
    $('user').textContent = s.username;
    $('csrf').name = s.csrf.parameterName; $('csrf').value = s.csrf.token;
  }).catch(() => { location.href = '/login'; });
  renderChips(); renderChart();
  connect();
})();
