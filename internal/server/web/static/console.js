// vetgraph console: draws the evidence graph of a person or network page
// from the JSON embedded in the page (no requests of its own).
(function () {
  "use strict";
  var data = document.getElementById("graph-data");
  var box = document.getElementById("graph");
  if (!data || !box || typeof cytoscape === "undefined") return;
  var g = JSON.parse(data.textContent);
  if (typeof cytoscapeFcose !== "undefined") cytoscape.use(cytoscapeFcose);
  var linkWords = { has_topic: "carries topic", has_identifier: "holds identifier" };
  function words(l) { return linkWords[l] || String(l).replace(/_/g, " "); }
  var els = [];
  (g.nodes || []).forEach(function (n) {
    els.push({ data: { id: n.id, label: n.label, kind: n.kind, focus: n.focus ? "yes" : "no" } });
  });
  (g.edges || []).forEach(function (e) {
    els.push({ data: { id: e.id, source: e.source, target: e.target, label: words(e.link) + (e.context ? " (context)" : ""),
      context: e.context ? "yes" : "no", edge: e } });
  });
  if (els.length === 0) { box.textContent = "No evidence paths to draw."; return; }
  // Edge labels on a large graph are noise: show them on selection only.
  var crowded = (g.nodes || []).length > 40;
  if (crowded) box.style.height = "640px";
  var cy = cytoscape({
    container: box,
    elements: els,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 130,
          "text-valign": "bottom", "text-margin-y": 4, "width": 22, "height": 22, "background-color": "#4f7cac", "color": "#1d2330" } },
      { selector: "node[kind = 'organization']", style: { "shape": "round-rectangle", "background-color": "#e0a030", "width": 30 } },
      { selector: "node[kind = 'identifier']", style: { "shape": "diamond", "background-color": "#9aa3b2", "width": 16, "height": 16 } },
      { selector: "node[kind = 'topic']", style: { "shape": "hexagon", "background-color": "#a33a2b", "color": "#a33a2b", "font-weight": "bold" } },
      { selector: "node[focus = 'yes']", style: { "border-width": 4, "border-color": "#1d2330", "width": 32, "height": 32, "font-weight": "bold" } },
      { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 2.5, "line-color": "#444",
          "target-arrow-color": "#444", "label": "data(label)", "font-size": 9, "color": "#333", "text-rotation": "autorotate",
          "text-background-color": "#fff", "text-background-opacity": 0.85, "text-background-padding": 1 } },
      { selector: crowded ? "edge" : "edge.never", style: { "label": "" } },
      { selector: "edge:selected", style: { "label": "data(label)" } },
      { selector: "edge[context = 'yes']", style: { "line-style": "dashed", "line-color": "#9aa3b2", "target-arrow-color": "#9aa3b2", "color": "#6a7383", "width": 2 } },
      { selector: ":selected", style: { "line-color": "#1f5fa8", "target-arrow-color": "#1f5fa8", "border-color": "#1f5fa8", "border-width": 3 } }
    ],
    // A small graph reads best as levels out from the focus (deterministic);
    // a network's large graph needs a force layout.
    layout: crowded
      ? { name: typeof cytoscapeFcose !== "undefined" ? "fcose" : "cose", animate: false, randomize: true,
          nodeRepulsion: 9000, idealEdgeLength: 110, padding: 30 }
      : { name: "breadthfirst", roots: "[focus = 'yes']", directed: false, spacingFactor: 1.3, padding: 30, fit: true, animate: false }
  });
  cy.fit(undefined, 30);
  // The page may still be settling its widths; draw again to the final box.
  window.addEventListener("load", function () { cy.resize(); cy.fit(undefined, 30); });
  var detail = document.getElementById("graph-detail");
  detail.textContent = "The graph draws " + cy.nodes().length + " nodes and " + cy.edges().length +
    " links. Click a link to see its evidence; click a person or organization to open it.";
  function text(s) { return document.createTextNode(s); }
  cy.on("tap", "edge", function (ev) {
    var e = ev.target.data("edge");
    var src = cy.getElementById(e.source).data("label"), dst = cy.getElementById(e.target).data("label");
    detail.textContent = "";
    var head = document.createElement("strong");
    head.appendChild(text(src + " — " + words(e.link) + " → " + dst));
    detail.appendChild(head);
    detail.appendChild(text(e.context ? "  (context — not counted)" : "  (evidence, weight " + e.weight + ")"));
    var ul = document.createElement("ul");
    (e.evidence || []).forEach(function (v) {
      var li = document.createElement("li");
      li.appendChild(text("source " + v.source + ", record " + v.record.source + "/" + v.record.id + ", batch " + v.batch +
        ", grade " + (v.grade || "ungraded") + ", learned " + String(v.recorded_at).slice(0, 10) + (v.note ? " — " + v.note : "")));
      ul.appendChild(li);
    });
    detail.appendChild(ul);
    if (e.flags && e.flags.length) detail.appendChild(text("Used by: " + e.flags.join("; ")));
  });
  cy.on("tap", "node", function (ev) {
    var n = ev.target.data();
    if (n.kind === "person") window.location = "/person/" + encodeURIComponent(n.id);
    else if (n.kind === "organization") window.location = "/network/" + encodeURIComponent(n.id);
  });
})();
