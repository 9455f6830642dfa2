// EmotionLens live page: follows /events (Server-Sent Events, JSON data), fetches frame images as
// /frame.jpg?seq=N and draws boxes, labels, probability bars, a timeline per track and stage latencies.
// No external resources: everything is served by the emotion.sink.web bundle.
'use strict';

const WINDOW_MS = 30000;
const KNOWN_COLOURS = { happy: '#f2c14e', unknown: '#9aa5b1', sad: '#4e8cf2' };
const PALETTE = ['#e4572e', '#76b041', '#a259ff', '#17bebb', '#ff6f91', '#ffc914'];
const colours = {};
const colour = (label) => {
  if (!colours[label]) {
    colours[label] = KNOWN_COLOURS[label] || PALETTE[Object.keys(colours).length % PALETTE.length];
  }
  return colours[label];
};

const state = {
  pipelines: {},        // id -> { last: frame event, tracks: Map(track -> [{t, p}]) }
  selected: null,
  events: 0,
  eventTimes: [],
  image: { loading: false, next: null, shown: null },
};
// Read by the browser test and handy in the console.
window.emotionlens = state;

const $ = (id) => document.getElementById(id);
const statusEl = $('status');
const setStatus = (text, cls) => { statusEl.textContent = text; statusEl.className = 'status ' + cls; };

function connect() {
  const es = new EventSource('events');
  es.addEventListener('open', () => setStatus('live', 'live'));
  es.addEventListener('hello', (e) => {
    const hello = JSON.parse(e.data);
    document.body.dataset.maxFps = hello.max_fps;
    showCounters(hello.state);
  });
  es.addEventListener('frame', (e) => onFrame(JSON.parse(e.data)));
  es.addEventListener('flush', (e) => showCounters(JSON.parse(e.data)));
  es.addEventListener('end', (e) => {
    showCounters(JSON.parse(e.data));
    setStatus('ended', 'ended');
    es.close();
    // The runtime may come back (a new run): try again later.
    setTimeout(connect, 3000);
  });
  es.addEventListener('error', () => {
    if (es.readyState === EventSource.CLOSED) {
      setStatus('disconnected', 'down');
      setTimeout(connect, 3000);
    } else {
      setStatus('reconnecting…', 'connecting');
    }
  });
}

function onFrame(f) {
  const now = performance.now();
  state.events++;
  state.eventTimes.push(now);
  while (state.eventTimes.length > 0 && now - state.eventTimes[0] > 2000) state.eventTimes.shift();
  let p = state.pipelines[f.pipeline];
  if (!p) {
    p = state.pipelines[f.pipeline] = { last: null, tracks: new Map() };
    addPipelineChoice(f.pipeline);
  }
  p.last = f;
  for (const face of f.faces) {
    if (!face.probabilities) continue;
    let series = p.tracks.get(face.track);
    if (!series) p.tracks.set(face.track, series = []);
    series.push({ t: now, p: face.probabilities, label: face.label });
  }
  for (const [track, series] of p.tracks) {
    while (series.length > 0 && now - series[0].t > WINDOW_MS) series.shift();
    if (series.length === 0) p.tracks.delete(track);
  }
  if (f.pipeline !== state.selected) return;
  // With images, the face list follows the frame on screen so that boxes and bars always agree; without
  // (replayed features), it follows every update.
  if (f.image !== null && f.image !== undefined) requestImage(f);
  else if (f.width === undefined) { drawNoImage(f); showFaces(f); }
  showStages(f);
  showCounters({ pipelines: { [f.pipeline]: f.counters } });
}

function addPipelineChoice(id) {
  const select = $('pipeline');
  const option = document.createElement('option');
  option.value = option.textContent = id;
  select.appendChild(option);
  if (state.selected === null) state.selected = id;
  $('pipeline-choice').hidden = select.options.length < 2;
}
$('pipeline').addEventListener('change', (e) => { state.selected = e.target.value; });

// Latest image wins: while one loads, only the newest request waits.
function requestImage(f) {
  if (state.image.loading) { state.image.next = f; return; }
  state.image.loading = true;
  const img = new Image();
  img.onload = () => { drawFrame(img, f); done(); };
  img.onerror = done; // replaced on the server meanwhile: skip it
  img.src = 'frame.jpg?seq=' + f.image;
  function done() {
    state.image.loading = false;
    const next = state.image.next;
    state.image.next = null;
    if (next) requestImage(next);
  }
}

function drawFrame(img, f) {
  const canvas = $('frame');
  if (canvas.width !== img.naturalWidth || canvas.height !== img.naturalHeight) {
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
  }
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const w = canvas.width, h = canvas.height;
  const font = Math.max(12, Math.round(h / 28));
  g.font = `600 ${font}px system-ui, sans-serif`;
  g.textBaseline = 'bottom';
  for (const face of f.faces) {
    if (!face.box) continue;
    const [x, y, bw, bh] = [face.box[0] * w, face.box[1] * h, face.box[2] * w, face.box[3] * h];
    const c = face.label ? colour(face.label) : '#ffffff';
    g.lineWidth = Math.max(2, h / 240);
    g.strokeStyle = c;
    g.strokeRect(x, y, bw, bh);
    const text = face.label
      ? `#${face.track} ${face.label} ${(100 * face.probabilities[face.label]).toFixed(0)}%`
      : `#${face.track}`;
    const tw = g.measureText(text).width + 8;
    const ty = y > font + 6 ? y : y + bh + font + 6;
    g.fillStyle = c;
    g.fillRect(x - g.lineWidth / 2, ty - font - 6, tw, font + 6);
    g.fillStyle = '#111418';
    g.fillText(text, x + 4 - g.lineWidth / 2, ty - 3);
  }
  state.image.shown = f.image;
  showFaces(f);
  $('frame-info').textContent = `${f.source} · frame ${f.frame} · ${(f.timestamp_us / 1e6).toFixed(2)} s · image #${f.image}`;
}

function drawNoImage(f) {
  const canvas = $('frame');
  const g = canvas.getContext('2d');
  g.fillStyle = '#000';
  g.fillRect(0, 0, canvas.width, canvas.height);
  g.fillStyle = '#8b949e';
  g.font = '20px system-ui, sans-serif';
  g.textBaseline = 'middle';
  g.fillText('no image: this source replays features', 24, canvas.height / 2);
  $('frame-info').textContent = `${f.source} · frame ${f.frame} · ${(f.timestamp_us / 1e6).toFixed(2)} s`;
}

function showFaces(f) {
  const box = $('faces');
  box.textContent = '';
  if (f.faces.length === 0) {
    box.innerHTML = '<p class="muted">no face in this frame</p>';
    return;
  }
  for (const face of f.faces) {
    const div = document.createElement('div');
    div.className = 'face';
    const title = document.createElement('div');
    title.className = 'title';
    const name = document.createElement('span');
    name.textContent = `track #${face.track}` + (face.truth ? ` (truth: ${face.truth})` : '');
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = face.label || 'no prediction';
    if (face.label) label.style.color = colour(face.label);
    title.append(name, label);
    div.appendChild(title);
    for (const [l, v] of Object.entries(face.probabilities || {})) {
      const bar = document.createElement('div');
      bar.className = 'bar';
      bar.innerHTML = '<span class="name"></span><span class="track"><span class="fill"></span></span><span class="value"></span>';
      bar.querySelector('.name').textContent = l;
      const fill = bar.querySelector('.fill');
      fill.style.display = 'block';
      fill.style.width = `${(100 * v).toFixed(1)}%`;
      fill.style.background = colour(l);
      bar.querySelector('.value').textContent = v.toFixed(3);
      div.appendChild(bar);
    }
    box.appendChild(div);
  }
}

function showStages(f) {
  const pushed = state.eventTimes.length > 1
    ? (state.eventTimes.length - 1) * 1000 / (state.eventTimes[state.eventTimes.length - 1] - state.eventTimes[0]) : 0;
  $('rate').textContent = `${(f.fps || 0).toFixed(1)} frames/s in the pipeline · ${pushed.toFixed(1)} updates/s here`;
  const body = document.querySelector('#stages tbody');
  body.textContent = '';
  const names = Object.keys(f.stages_mean_ms);
  const max = Math.max(1e-6, ...names.map((n) => f.stages_mean_ms[n]));
  for (const n of names) {
    const tr = document.createElement('tr');
    const cur = f.stages_ms[n];
    tr.innerHTML = '<td></td><td class="num"></td><td class="num"></td><td class="latcell"><div class="lat"></div></td>';
    tr.children[0].textContent = n;
    tr.children[1].textContent = cur === undefined ? '–' : cur.toFixed(2);
    tr.children[2].textContent = f.stages_mean_ms[n].toFixed(2);
    tr.querySelector('.lat').style.width = `${(100 * f.stages_mean_ms[n] / max).toFixed(1)}%`;
    body.appendChild(tr);
  }
}

function showCounters(s) {
  if (!s || !s.pipelines) return;
  const parts = [];
  for (const [id, c] of Object.entries(s.pipelines)) {
    parts.push(`${id}: ${c.accepted} frames, ${c.updates} shown, ${c.dropped} dropped (page slower than the pipeline), ${c.images} images`);
  }
  $('counters').textContent = parts.join(' · ');
}

function drawTimeline() {
  const canvas = $('timeline');
  const dpr = window.devicePixelRatio || 1;
  const cw = Math.round(canvas.clientWidth * dpr), ch = Math.round(canvas.clientHeight * dpr);
  if (canvas.width !== cw || canvas.height !== ch) { canvas.width = cw; canvas.height = ch; }
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  const w = canvas.clientWidth, h = canvas.clientHeight;
  g.clearRect(0, 0, w, h);
  const p = state.pipelines[state.selected];
  const now = performance.now();
  let points = 0;
  const labels = new Set();
  if (p && p.tracks.size > 0) {
    const tracks = [...p.tracks.keys()].sort((a, b) => a - b);
    const lane = h / tracks.length;
    const left = 70;
    g.font = '12px system-ui, sans-serif';
    g.textBaseline = 'middle';
    tracks.forEach((track, i) => {
      const top = i * lane + 4, height = lane - 8;
      g.fillStyle = '#222831';
      g.fillRect(left, top, w - left, height);
      g.fillStyle = '#8b949e';
      g.fillText(`track #${track}`, 4, top + height / 2);
      const series = p.tracks.get(track);
      const names = Object.keys(series[series.length - 1].p);
      for (const l of names) {
        labels.add(l);
        g.strokeStyle = colour(l);
        g.lineWidth = 1.5;
        g.beginPath();
        series.forEach((pt, k) => {
          const x = left + (w - left) * (1 - (now - pt.t) / WINDOW_MS);
          const y = top + height * (1 - (pt.p[l] ?? 0));
          if (k === 0) g.moveTo(x, y); else g.lineTo(x, y);
        });
        g.stroke();
      }
      points += series.length;
    });
  } else {
    g.fillStyle = '#8b949e';
    g.font = '14px system-ui, sans-serif';
    g.fillText('no predictions in the last 30 s', 12, h / 2);
  }
  canvas.dataset.points = points;
  const legend = $('legend');
  const key = [...labels].join(',');
  if (legend.dataset.key !== key) {
    legend.dataset.key = key;
    legend.textContent = '';
    for (const l of labels) {
      const item = document.createElement('span');
      item.innerHTML = '<span class="sw"></span>';
      item.firstChild.style.background = colour(l);
      item.append(l);
      legend.appendChild(item);
    }
  }
}

$('window-s').textContent = WINDOW_MS / 1000;
connect();
// 10 redraws a second move the 30 s window smoothly enough and keep a page on the pipeline's machine cheap
// (headless or GPU-less browsers draw canvases in software).
setInterval(() => requestAnimationFrame(drawTimeline), 100);
