// reportmine HTML report: documents are rendered on demand from the embedded JSON.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("reportmine-data").textContent);
  var COLOURS = DATA.colours, PAGE = 100;
  var $ = function (id) { return document.getElementById(id); };
  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function show(v) { return v === null || v === undefined ? "" : (typeof v === "object" ? JSON.stringify(v) : String(v)); }
  function colourOf(kind) { return COLOURS[kind] || "#37474f"; }

  // -- one document: its text with nested marks (crossing spans are clipped, never dropped)
  function items(doc) {
    var out = [];
    doc.facts.forEach(function (f, i) { out.push({ s: f.s, e: f.e, i: i, type: "fact" }); });
    (doc.damaged || []).forEach(function (d) { out.push({ s: d[0], e: d[1], type: "damaged" }); });
    (doc.repairs || []).forEach(function (r) { out.push({ s: r.s, e: r.e, r: r, type: "repair" }); });
    out.sort(function (a, b) { return a.s - b.s || b.e - a.e || (a.type === "fact" ? -1 : 1); });
    var stack = [];
    out.forEach(function (it) {
      while (stack.length && stack[stack.length - 1].e <= it.s) stack.pop();
      if (stack.length && it.e > stack[stack.length - 1].e) it.e = stack[stack.length - 1].e;
      stack.push(it);
    });
    return out;
  }
  function openTag(doc, it) {
    if (it.type === "damaged") return '<span class="damaged" title="damaged (mojibake) range">';
    if (it.type === "repair") {
      return '<span class="repair" title="' + esc(it.r.step + ": " + it.r.before + " → " + it.r.after) + '">';
    }
    var f = doc.facts[it.i];
    return '<mark data-i="' + it.i + '" data-kind="' + esc(f.kind) + '" data-value="' + esc(show(f.value)) +
      '" data-unit="' + esc(show(f.unit)) + '" data-subject="' + esc(show(f.subject)) + '" data-qualifier="' +
      esc(show(f.qualifier)) + '" data-start="' + f.start + '" data-end="' + f.end + '"' +
      (it.e === it.s ? ' class="empty"' : "") + ' style="background:' + colourOf(f.kind) + '">';
  }
  function closeTag(it) { return it.type === "fact" ? "</mark>" : "</span>"; }
  function markup(doc) {
    var text = doc.text, html = "", pos = 0, stack = [];
    function upTo(end) { html += esc(text.slice(pos, end)); pos = end; }
    items(doc).forEach(function (it) {
      while (stack.length && stack[stack.length - 1].e <= it.s) { var top = stack.pop(); upTo(top.e); html += closeTag(top); }
      upTo(it.s); html += openTag(doc, it); stack.push(it);
    });
    while (stack.length) { var t = stack.pop(); upTo(t.e); html += closeTag(t); }
    upTo(text.length);
    return html;
  }
  function legend(doc) {
    var counts = {};
    doc.facts.forEach(function (f) { counts[f.kind] = (counts[f.kind] || 0) + 1; });
    return Object.keys(counts).map(function (k) {
      return '<span style="background:' + colourOf(k) + '">' + esc(k) + " " + counts[k] + "</span>";
    }).join("");
  }
  function factTable(doc) {
    var cols = DATA.columns;
    var head = "<tr><th class=\"sortable\" data-col=\"#\">#</th>" + cols.map(function (c) {
      return '<th class="sortable" data-col="' + esc(c) + '">' + esc(c) + "</th>";
    }).join("") + "</tr>";
    var rows = doc.facts.map(function (f, i) {
      return '<tr data-i="' + i + '"><td>' + (i + 1) + "</td>" + cols.map(function (c) {
        return "<td>" + esc(show(f[c])) + "</td>";
      }).join("") + "</tr>";
    }).join("");
    return '<table class="facts"><thead>' + head + "</thead><tbody>" + rows + "</tbody></table>";
  }
  function renderDoc(n) {
    var doc = DATA.documents[n];
    var note = doc.mode === "sentences" && doc.status !== "failed"
      ? '<p class="note">The source text was not available: each fact is shown in its sentence.</p>' : "";
    var meta = doc.meta || {};
    var metaLine = Object.keys(meta).map(function (k) { return esc(k) + ": " + esc(show(meta[k])); }).join(" · ");
    if (metaLine) note += '<p class="note doc-meta">' + metaLine + "</p>";
    $("doc").innerHTML = "<h2 id=\"doc-title\">" + esc(doc.title) + "</h2>" + note +
      '<p class="note">' + esc(doc.id) + " · " + doc.facts.length + " facts</p>" +
      '<div class="legend">' + legend(doc) + "</div>" +
      '<div class="doctext">' + markup(doc) + "</div><h2>Facts</h2>" + factTable(doc);
    $("doc").dataset.n = n;
    $("doc").dataset.id = doc.id;
    sortable($("doc").querySelector("table.facts"));
    if (location.hash !== "#doc-" + n) history.replaceState(null, "", "#doc-" + n);
  }
  window.reportmineShow = renderDoc;

  // -- fact details: tooltip on hover, side panel on hover and click
  function factOf(mark) {
    var n = Number($("doc").dataset.n);
    return DATA.documents[n].facts[Number(mark.dataset.i)];
  }
  function details(f) {
    return "<dl class=\"fact\">" + ["kind", "text"].concat(DATA.columns.filter(function (c) {
      return c !== "kind" && c !== "text";
    })).filter(function (c) { return f[c] !== null && f[c] !== undefined && show(f[c]) !== "" && show(f[c]) !== "[]"; })
      .map(function (c) { return "<dt>" + esc(c) + "</dt><dd>" + esc(show(f[c])) + "</dd>"; }).join("") + "</dl>";
  }
  document.addEventListener("mouseover", function (ev) {
    var m = ev.target.closest && ev.target.closest("mark");
    if (!m) { $("tip").style.display = "none"; return; }
    var f = factOf(m);
    var tip = $("tip");
    tip.textContent = f.kind + ": " + show(f.value) + (f.unit ? " " + f.unit : "") +
      (f.qualifier && f.qualifier !== "exact" ? " (" + f.qualifier + ")" : "") + (f.subject ? " · " + f.subject : "");
    tip.style.display = "block";
    $("panel").innerHTML = details(f);
  });
  document.addEventListener("mousemove", function (ev) {
    var tip = $("tip");
    if (tip.style.display === "block") { tip.style.left = (ev.clientX + 12) + "px"; tip.style.top = (ev.clientY + 14) + "px"; }
  });
  document.addEventListener("click", function (ev) {
    var m = ev.target.closest && ev.target.closest("mark");
    if (m) $("panel").innerHTML = details(factOf(m));
  });

  // -- sortable tables: click a header; numbers sort as numbers
  function sortable(table) {
    if (!table) return;
    table.querySelectorAll("th.sortable").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].textContent, y = b.cells[col].textContent;
          var nx = parseFloat(x), ny = parseFloat(y);
          var c = (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim())
            ? nx - ny : x.localeCompare(y, "zh");
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }
  document.querySelectorAll("table.sortable-table").forEach(sortable);

  // -- the document list: search, paginated
  var shown = PAGE;
  function matches(doc, q) {
    return !q || (doc.id + " " + doc.title + " " + (doc.source || "")).toLowerCase().indexOf(q) >= 0;
  }
  function renderList() {
    var list = $("doclist");
    if (!list) return;
    var q = $("search").value.trim().toLowerCase(), html = "", hits = 0;
    DATA.documents.forEach(function (doc, n) {
      if (!matches(doc, q)) return;
      hits += 1;
      if (hits <= shown) {
        html += '<li data-n="' + n + '"' + (doc.status === "failed" ? ' class="failed"' : "") + ">" +
          esc(doc.title) + ' <span class="note">(' + doc.facts.length + ")</span></li>";
      }
    });
    list.innerHTML = html;
    $("hits").textContent = hits + " documents" + (hits > shown ? ", first " + shown + " listed" : "");
    $("more").style.display = hits > shown ? "inline" : "none";
  }
  if ($("doclist")) {
    $("search").addEventListener("input", function () { shown = PAGE; renderList(); });
    $("more").addEventListener("click", function () { shown += PAGE; renderList(); });
    $("doclist").addEventListener("click", function (ev) {
      var li = ev.target.closest("li");
      if (li) { renderDoc(Number(li.dataset.n)); $("doc").scrollIntoView(); }
    });
    renderList();
  }
  var m = /^#doc-(\d+)$/.exec(location.hash);
  if (DATA.documents.length) renderDoc(m && Number(m[1]) < DATA.documents.length ? Number(m[1]) : 0);
})();
