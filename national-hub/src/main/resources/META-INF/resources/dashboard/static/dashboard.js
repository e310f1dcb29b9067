// The national dashboard: keeps a page's figures moving with the stream of its scope (server-sent events) and draws
// its series with uPlot. No figure is computed here: the hub sends them, this only shows them.
(function () {
  'use strict';
  var main = document.getElementById('main');
  var textsElement = document.getElementById('texts');
  var figuresElement = document.getElementById('figures');
  if (!main || !textsElement || !figuresElement) {
    return;
  }
  var texts = textsElement.dataset;
  var lang = main.dataset.lang || 'ko';
  var numbers = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US');
  var clock = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB',
      {hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false, timeZone: 'Asia/Seoul'});
  var korean = new Intl.DateTimeFormat('en-US', {year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric',
    hour12: false, timeZone: 'Asia/Seoul'});

  /** A bucket's start in Korean time: month, day and hour (0-23). */
  function partsOf(seconds) {
    var parts = {};
    korean.formatToParts(new Date(seconds * 1000)).forEach(function (p) { parts[p.type] = p.value; });
    return {month: parts.month, day: parts.day, hour: String(Number(parts.hour) % 24).padStart(2, '0')};
  }

  function hourLabel(seconds) {
    var p = partsOf(seconds);
    return p.month + '/' + p.day + ' ' + p.hour + ':00';
  }

  function dayLabel(seconds) {
    var p = partsOf(seconds);
    return p.month + '/' + p.day;
  }

  var health = {
    UP: texts.healthUp, DOWN: texts.healthDown, UNREACHABLE: texts.healthUnreachable,
    NOT_CONFIGURED: texts.healthNotConfigured, UNKNOWN: texts.healthUnknown
  };
  var live = document.getElementById('live');
  var figures = JSON.parse(figuresElement.textContent);

  function walk(prefix, value, out) {
    Object.keys(value || {}).forEach(function (key) {
      var v = value[key];
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        walk(prefix + key + '.', v, out);
      } else {
        out[prefix + key] = v;
      }
    });
  }

  /** Every figure of the page by the key its element names in data-fig. */
  function flatten(f) {
    var out = {asOf: f.asOf};
    walk('today.', f.today, out);
    walk('refusals.', f.refusals, out);
    walk('watch.', f.watch, out);
    walk('pipeline.', f.pipeline, out);
    (f.regions || []).forEach(function (r) {
      walk('region.' + r.region + '.', r, out);
    });
    walk('byRegion.', f.todayByRegion, out);
    (f.libraries || []).forEach(function (l) {
      walk('library.' + l.libraryCode + '.', l, out);
    });
    return out;
  }

  function ago(iso) {
    if (!iso) {
      return texts.never;
    }
    var seconds = Math.max(0, Math.round((Date.parse(figures.asOf) - Date.parse(iso)) / 1000));
    if (seconds < 60) {
      return texts.agoS.replace('#', seconds);
    }
    if (seconds < 3600) {
      return texts.agoM.replace('#', Math.floor(seconds / 60));
    }
    return texts.agoH.replace('#', Math.floor(seconds / 3600));
  }

  function show(element, value) {
    var kind = element.dataset.kind || 'count';
    if (kind === 'health') {
      element.textContent = health[value] || value;
      element.dataset.health = value;
    } else if (kind === 'ago') {
      element.textContent = ago(value);
      if (value) {
        element.title = clock.format(new Date(value));
      }
    } else if (kind === 'time') {
      element.textContent = value ? clock.format(new Date(value)) : '—';
      element.setAttribute('datetime', value || '');
    } else {
      element.textContent = value === null || value === undefined ? '—' : numbers.format(value);
    }
  }

  function columns(series) {
    var points = series.points;
    return [
      points.map(function (p) { return Date.parse(p.start) / 1000; }),
      points.map(function (p) { return p.checkouts; }),
      points.map(function (p) { return p.returns; }),
      points.map(function (p) { return p.enrollments; })
    ];
  }

  var charts = [];

  /** A line chart of a series: checkouts, returns and enrollments per bucket, times in Korean time and the page's language. */
  function chart(id, series) {
    var element = document.getElementById(id);
    if (!element || typeof uPlot === 'undefined') {
      return;
    }
    var label = series.unit === 'hour' ? hourLabel : dayLabel;
    // Axis: hours as 09:00 (with the date under midnight and the first tick), days as 11/29.
    var tick = series.unit === 'hour' ? function (v, i) {
      var p = partsOf(v);
      return p.hour + ':00' + (i === 0 || p.hour === '00' ? '\n' + p.month + '/' + p.day : '');
    } : function (v) { return dayLabel(v); };
    var width = Math.max(240, element.clientWidth);
    var options = {
      width: width,
      height: Math.max(150, Math.round(width * 0.3)),
      scales: {x: {time: true}, y: {range: function (u, min, max) { return [0, Math.max(5, max)]; }}},
      axes: [
        {values: function (u, splits) { return splits.map(tick); }},
        {}
      ],
      series: [
        {label: texts.time, value: function (u, v) { return v == null ? '—' : label(v); }},
        {label: texts.checkouts, stroke: '#0b5cad', width: 2},
        {label: texts.returns, stroke: '#b35900', width: 2},
        {label: texts.enrollments, stroke: '#1a7f37', width: 2, dash: [6, 4]}
      ]
    };
    charts.push({id: id, plot: new uPlot(options, columns(series), element), element: element});
  }

  function update(f) {
    figures = f;
    var values = flatten(f);
    document.querySelectorAll('[data-fig]').forEach(function (element) {
      var key = element.dataset.fig;
      if (Object.prototype.hasOwnProperty.call(values, key)) {
        show(element, values[key]);
      }
    });
    charts.forEach(function (c) {
      c.plot.setData(columns(c.id === 'chart-hourly' ? f.hourly : f.daily));
    });
  }

  chart('chart-hourly', figures.hourly);
  chart('chart-daily', figures.daily);
  update(figures);
  window.addEventListener('resize', function () {
    charts.forEach(function (c) {
      var width = Math.max(240, c.element.clientWidth);
      c.plot.setSize({width: width, height: Math.max(150, Math.round(width * 0.3))});
    });
  });

  // The stream: figures every few seconds. It closes now and then on purpose and the browser reconnects, which checks
  // the login again; if reconnecting keeps failing (the session ended), the page is loaded again, through the login.
  var failures = 0;
  var source = new EventSource(main.dataset.stream);
  source.onopen = function () {
    failures = 0;
    live.classList.remove('offline');
    live.textContent = texts.live;
  };
  source.onmessage = function (event) {
    update(JSON.parse(event.data));
    main.dataset.updates = String(Number(main.dataset.updates || '0') + 1);
  };
  source.onerror = function () {
    failures++;
    live.classList.add('offline');
    live.textContent = texts.offline;
    if (failures >= 4) {
      source.close();
      window.location.reload();
    }
  };
})();
