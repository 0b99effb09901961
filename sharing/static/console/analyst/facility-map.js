/* The facility map on a product's page: country boundaries (Natural Earth, bundled) drawn with d3-geo, countries
   shaded by their published capacity share, and the facilities listed on the page as points. Data comes from the
   page (json_script), boundaries from this site; nothing is loaded from elsewhere, nothing runs inline. The table
   under the map lists the same facilities, so the map is an image with a text equivalent. */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 960;
  var HEIGHT = 480;
  var MAX_ZOOM = 6; // at most this many times the whole-world scale, so that one facility is not a blur of pixels

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  function node(name, attributes, parent) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { element.setAttribute(key, attributes[key]); });
    if (parent) { parent.appendChild(element); }
    return element;
  }

  function shareClass(share) {
    if (share === undefined || share === null) { return "country"; }
    var step = Math.min(5, Math.max(1, Math.ceil(share * 5)));
    return "country share-" + step;
  }

  function projectionFor(points) {
    var sphere = { type: "Sphere" };
    var whole = [[8, 8], [WIDTH - 8, HEIGHT - 8]];
    var projection = d3.geoNaturalEarth1().fitExtent(whole, sphere);
    if (!points.length) { return projection; }
    var world = projection.scale();
    var spread = { type: "MultiPoint", coordinates: points.map(function (p) { return [p.lon, p.lat]; }) };
    projection.fitExtent([[60, 40], [WIDTH - 60, HEIGHT - 40]], spread);
    if (projection.scale() <= world) { return projection.fitExtent(whole, sphere); }
    if (projection.scale() <= world * MAX_ZOOM) { return projection; }
    // One facility, or a few close together: zoom in only so far, centred on them.
    projection.scale(world * MAX_ZOOM).translate([WIDTH / 2, HEIGHT / 2]);
    var centre = projection(d3.geoCentroid(spread));
    var shift = projection.translate();
    return projection.translate([shift[0] + WIDTH / 2 - centre[0], shift[1] + HEIGHT / 2 - centre[1]]);
  }

  function draw(container, world, points, shares) {
    var countries = topojson.feature(world, world.objects.countries);
    var borders = topojson.mesh(world, world.objects.countries, function (a, b) { return a !== b; });
    var projection = projectionFor(points);
    var path = d3.geoPath(projection);

    var svg = node("svg", {
      viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "img", focusable: "false",
      "aria-labelledby": "facility-map-title facility-map-desc"
    });
    node("title", { id: "facility-map-title" }, svg).textContent = "Map of the facilities on this page";
    node("desc", { id: "facility-map-desc" }, svg).textContent = points.length + " facilities; the table below " +
      "lists them with their countries and coordinates.";
    node("path", { d: path({ type: "Sphere" }), "class": "sphere" }, svg);
    var land = node("g", { "class": "countries" }, svg);
    countries.features.forEach(function (feature) {
      var d = path(feature);
      if (d) { node("path", { d: d, "class": shareClass(shares[feature.id]) }, land); }
    });
    node("path", { d: path(borders) || "", "class": "borders" }, svg);
    var dots = node("g", { "class": "facilities" }, svg);
    points.forEach(function (point) {
      var xy = projection([point.lon, point.lat]);
      if (!xy) { return; }
      var dot = node("circle", {
        cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: 5, "class": "facility status-" + point.status
      }, dots);
      node("title", {}, dot).textContent = point.name + " (" + point.owner + ", " + point.country + "): " +
        point.kind + ", " + point.status;
    });
    container.replaceChildren(svg);
  }

  function start() {
    var container = document.getElementById("facility-map");
    if (!container) { return; }
    var status = container.querySelector(".map-status");
    var points = readJson("facility-map-points") || [];
    var shares = readJson("facility-map-shares") || {};
    if (!window.d3 || !window.topojson || !window.fetch) {
      if (status) { status.textContent = "The map could not be drawn; the table below lists the same facilities."; }
      return;
    }
    if (status) { status.textContent = "Drawing the map…"; }
    fetch(container.getAttribute("data-boundaries"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("boundaries: " + response.status); }
        return response.json();
      })
      .then(function (world) { draw(container, world, points, shares); })
      .catch(function () {
        if (status) { status.textContent = "The map could not be drawn; the table below lists the same facilities."; }
      });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
