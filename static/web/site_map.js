/*
 * The maps people draw on and read (product.md §15, issue 45 item 3), on Leaflet (django-leaflet's
 * copy, served from here: no CDN). Progressive enhancement: without scripts the page shows the
 * server-drawn SVG and the GeoJSON text box; with them, a Leaflet map replaces the SVG.
 *
 * [data-site-draw]: a map to draw on. "Start" begins a drawing; each tap or click adds a corner
 * (a drag pans and adds nothing), corners can be dragged, "Remove the last corner" removes it, "Finish"
 * writes the GeoJSON (a Point for one corner where [data-allow-point], else a Polygon) into the
 * text box named by data-target. With the keyboard: arrows pan, + and - zoom, Enter adds a
 * corner at the cross in the middle, Backspace removes the last, Escape clears.
 * "Use my location" centres the map on the phone's position (and, where a point will do,
 * marks it).
 * [data-site-map]: a map to read, with the geometry of data-geometry.
 *
 * Both show the township and village boundaries, the zones in force and the 小班 registry (data-features-url, loaded per view) as
 * layers with their names, an optional basemap (data-tiles-url: README "Map basemap"), and a
 * search by township, village, 林班 or 小班 (data-search-url), within the district chosen
 * (data-district-field, else data-district).
 */
(function () {
  "use strict";
  if (window.permitsSiteMap) {
    return; // loaded again by a Turbo visit: the listeners below are in place already
  }
  window.permitsSiteMap = true;

  var DECIMALS = 6; // about 0.1 m
  var LABELS_UP_TO = 150; // names shown on the map itself up to this many features
  var COLOURS = {
    parcel: "#2e7d32",
    reserve_core: "#b71c1c",
    red_line: "#d32f2f",
    key_zone: "#6a1b9a",
    basic_farmland: "#f9a825",
    water_source: "#0277bd",
    eco_control: "#ef6c00",
    forest_land_grade: "#5d4037",
    site: "#1565c0",
    overlap: "#c62828",
    township: "#37474f",
    village: "#607d8b",
  };

  function attr(root, name) {
    return root.getAttribute("data-" + name) || "";
  }

  function round(value) {
    return Number(value.toFixed(DECIMALS));
  }

  function frameBounds(root) {
    var v = ["south", "west", "north", "east"].map(function (k) { return parseFloat(attr(root, k)); });
    if (v.some(isNaN)) {
      return null;
    }
    return L.latLngBounds([v[0], v[1]], [v[2], v[3]]);
  }

  function createMap(root) {
    var fallback = root.querySelector(".permits-draw__canvas");
    var holder = document.createElement("div");
    holder.className = "permits-leaflet";
    holder.setAttribute("data-map", "");
    holder.setAttribute("role", "application");
    holder.setAttribute("aria-label", attr(root, "label"));
    if (root.querySelector("[data-draw-help]")) {
      holder.setAttribute("aria-describedby", root.querySelector("[data-draw-help]").id);
    }
    if (fallback) {
      fallback.parentNode.insertBefore(holder, fallback);
      fallback.hidden = true;
    } else {
      root.insertBefore(holder, root.firstChild);
    }
    var map = L.map(holder, {
      zoomControl: true,
      keyboard: true,
      tap: true,
      zoomSnap: 0.5,
      attributionControl: true,
    });
    map.zoomControl.getContainer().querySelectorAll("a").forEach(function (a) {
      var title = a.classList.contains("leaflet-control-zoom-in") ? attr(root, "msg-zoom-in") : attr(root, "msg-zoom-out");
      if (title) {
        a.title = title;
        a.setAttribute("aria-label", title);
      }
    });
    map.attributionControl.setPrefix("Leaflet");
    root.permitsMap = map; // for the browser tests (tests/browser/test_site_drawing.py)
    // The page around the map settles after it is made (the fallback hidden, the search and
    // the buttons shown, a phone turned): Leaflet must know its size, or a tap lands elsewhere.
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function () {
        if (!holder.isConnected) {
          observer.disconnect(); // the page was left (a Turbo visit)
        } else if (holder.clientWidth > 0) {
          map.invalidateSize({ animate: false });
        }
      });
      observer.observe(holder);
    }
    var bounds = frameBounds(root);
    if (bounds) {
      map.fitBounds(bounds);
    } else {
      map.setView([40.0, 116.4], 9);
    }
    return map;
  }

  function basemap(root, map, control) {
    var url = attr(root, "tiles-url");
    if (!url) {
      return;
    }
    var options = {
      attribution: attr(root, "tiles-attribution"),
      maxZoom: parseInt(attr(root, "tiles-max-zoom"), 10) || 18,
      key: attr(root, "tiles-key"),
    };
    if (attr(root, "tiles-subdomains")) {
      options.subdomains = attr(root, "tiles-subdomains");
    }
    var tiles = L.tileLayer(url, options).addTo(map);
    tiles.bringToBack();
    control.addBaseLayer(tiles, attr(root, "msg-basemap"));
  }

  function styleOf(kind) {
    var colour = COLOURS[kind] || "#455a64";
    if (kind === "township" || kind === "village") {
      // A boundary: a line to find one's way by, no fill over the land.
      return { color: colour, weight: kind === "township" ? 3 : 2, fill: false, dashArray: "10 4 2 4" };
    }
    var parcel = kind === "parcel";
    return {
      color: colour,
      weight: parcel ? 1 : 2,
      fillOpacity: parcel ? 0.05 : 0.12,
      dashArray: parcel ? null : "6 4",
    };
  }

  // The zones and the 小班 within the view, loaded again when the view moves.
  function vectorLayers(root, map, control) {
    var url = attr(root, "features-url");
    var note = root.querySelector("[data-map-note]");
    var groups = {};
    var pending = null;
    var timer = null;

    function group(feature) {
      var key = feature.properties.layer === "parcel" ? "parcel" : feature.properties.kind;
      if (!groups[key]) {
        groups[key] = L.layerGroup().addTo(map);
        var name = key === "parcel" ? attr(root, "msg-parcels") : feature.properties.label;
        control.addOverlay(groups[key], name);
      }
      return groups[key];
    }

    function show(data) {
      Object.keys(groups).forEach(function (key) { groups[key].clearLayers(); });
      if (note) {
        note.textContent = data.zoom_in || "";
      }
      var permanent = data.features.length <= LABELS_UP_TO;
      data.features.forEach(function (feature) {
        var p = feature.properties;
        var layer = L.geoJSON(feature, { style: styleOf(p.kind), interactive: true });
        var text = p.layer === "parcel" ? attr(root, "msg-parcel-label").replace("%(name)s", p.name) : p.name;
        layer.bindTooltip(text, {
          permanent: permanent,
          direction: "center",
          className: "permits-map-label permits-map-label--" + p.layer,
          opacity: 0.9,
        });
        group(feature).addLayer(layer);
      });
    }

    function load() {
      var size = map.getSize();
      if (!url || !window.fetch || !map.getContainer().isConnected || !size.x || !size.y) {
        return;
      }
      if (pending && pending.abort) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var b = map.getBounds();
      var bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(round).join(",");
      fetch(url + "?bbox=" + encodeURIComponent(bbox), {
        credentials: "same-origin",
        signal: pending ? pending.signal : undefined,
      })
        .then(function (answer) { return answer.ok ? answer.json() : null; })
        .then(function (data) {
          if (data) {
            show(data);
            root.setAttribute("data-layers-loaded", String(data.features.length));
          }
        })
        .catch(function () {});
    }

    map.on("moveend", function () {
      clearTimeout(timer);
      timer = setTimeout(load, 150);
    });
    load();
  }

  function siteLayer(geometry) {
    return L.geoJSON(geometry, {
      style: { color: COLOURS.site, weight: 3, fillOpacity: 0.2 },
      pointToLayer: function (_feature, latlng) {
        return L.circleMarker(latlng, { radius: 8, color: "#ffffff", weight: 2, fillColor: COLOURS.site, fillOpacity: 1 });
      },
    });
  }

  function parseFeatures(text) {
    try {
      var value = text ? JSON.parse(text) : null;
      return value && value.type === "FeatureCollection" && value.features.length ? value : null;
    } catch (e) {
      return null;
    }
  }

  function parseGeometry(text) {
    try {
      var value = JSON.parse(text);
      return value && (value.type === "Point" || value.type === "Polygon" || value.type === "MultiPolygon") ? value : null;
    } catch (e) {
      return null;
    }
  }

  // The district the search is limited to (the server limits it): the one the form's field
  // named data-district-field holds now (the application form's district: viewflow draws its
  // select inside its own element, so the control is found by name), else the page's.
  function chosenDistrict(root) {
    var form = root.closest("form");
    var name = attr(root, "district-field");
    var field = form && name ? form.elements.namedItem(name) : null;
    return (field && field.value) || attr(root, "district");
  }

  // The search box: a township, a village, a 林班 or 小班 number, a zone's name.
  function search(root, map) {
    var box = root.querySelector("[data-map-search]");
    var url = attr(root, "search-url");
    if (!box || !url || !window.fetch) {
      return;
    }
    box.hidden = false;
    var input = box.querySelector("input");
    var list = box.querySelector("[data-map-results]");
    var status = box.querySelector("[data-map-search-status]");

    function go() {
      var q = input.value.trim();
      list.textContent = "";
      if (!q) {
        status.textContent = attr(root, "msg-search-empty");
        return;
      }
      var district = chosenDistrict(root);
      fetch(url + "?q=" + encodeURIComponent(q) + (district ? "&district=" + encodeURIComponent(district) : ""), { credentials: "same-origin" })
        .then(function (answer) { return answer.ok ? answer.json() : { results: [] }; })
        .then(function (data) {
          status.textContent = attr(root, data.results.length ? "msg-search-found" : "msg-search-none").replace("%(count)s", String(data.results.length));
          data.results.forEach(function (place) {
            var item = document.createElement("li");
            var button = document.createElement("button");
            button.type = "button";
            button.className = "mdc-button permits-map-result";
            button.setAttribute("data-map-place", place.kind);
            button.textContent = (attr(root, "msg-kind-" + place.kind) || "") + " " + place.name;
            button.addEventListener("click", function () {
              var b = place.bounds;
              // Not animated: a zoom animation still running (Leaflet ignores a new view then)
              // would leave the map where it was.
              map.fitBounds([[b[1], b[0]], [b[3], b[2]]], { maxZoom: 16, padding: [16, 16], animate: false });
              status.textContent = attr(root, "msg-search-shown").replace("%(name)s", place.name);
            });
            item.appendChild(button);
            list.appendChild(item);
          });
          if (data.results.length === 1) {
            list.querySelector("button").click();
          }
        })
        .catch(function () {});
    }

    box.querySelector("[data-map-search-go]").addEventListener("click", go);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault(); // the box sits inside the page's form: never submit it
        go();
      }
    });
  }

  function readMap(root) {
    root.setAttribute("data-draw-ready", "");
    var map = createMap(root);
    var control = L.control.layers(null, null, { collapsed: true }).addTo(map);
    basemap(root, map, control);
    vectorLayers(root, map, control);
    search(root, map);
    map.invalidateSize({ animate: false });
    var overlaps = parseFeatures(attr(root, "overlaps"));
    if (overlaps) {
      // The land this site shares with other applications, each named (as the SVG draws it).
      var shared = L.geoJSON(overlaps, {
        style: { color: COLOURS.overlap, weight: 2, fillOpacity: 0.35, dashArray: "4 3" },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.name, {
            permanent: true,
            direction: "center",
            className: "permits-map-label permits-map-label--overlap",
            opacity: 0.9,
          });
        },
      }).addTo(map);
      control.addOverlay(shared, attr(root, "msg-overlaps"));
    }
    var geometry = parseGeometry(attr(root, "geometry"));
    if (geometry) {
      var site = siteLayer(geometry).addTo(map);
      control.addOverlay(site, attr(root, "msg-site"));
      if (!frameBounds(root)) {
        map.fitBounds(site.getBounds(), { maxZoom: 16 });
      }
    }
    return { map: map, control: control };
  }

  function drawMap(root) {
    var shown = readMap(root);
    var map = shown.map;
    var target = document.getElementById(attr(root, "target"));
    var status = root.querySelector("[data-draw-status]");
    var allowPoint = root.hasAttribute("data-allow-point");
    root.querySelectorAll("[data-draw-controls]").forEach(function (el) { el.hidden = false; });
    map.invalidateSize({ animate: false });
    if (!target) {
      return;
    }
    var state = { drawing: false, finished: false, points: [], saved: null };
    var drawn = L.layerGroup().addTo(map);
    var existing = parseGeometry(target.value);
    var existingLayer = existing ? siteLayer(existing).addTo(map) : null;
    var cross = document.createElement("div");
    cross.className = "permits-leaflet__cross";
    cross.setAttribute("aria-hidden", "true");
    map.getContainer().appendChild(cross);

    function message(name, count) {
      status.textContent = attr(root, "msg-" + name).replace("%(count)s", String(count));
    }

    function geometry() {
      var ring = state.points.map(function (p) { return [round(p.lng), round(p.lat)]; });
      if (ring.length === 1 && allowPoint) {
        return { type: "Point", coordinates: ring[0] };
      }
      if (ring.length < 3) {
        return null;
      }
      ring.push(ring[0]);
      return { type: "Polygon", coordinates: [ring] };
    }

    function write() {
      var value = geometry();
      if (!value) {
        return false;
      }
      target.value = JSON.stringify(value);
      target.dispatchEvent(new Event("input", { bubbles: true }));
      return true;
    }

    function render() {
      drawn.clearLayers();
      var style = { color: COLOURS.site, weight: 3, fillOpacity: 0.2, interactive: false };
      if (state.points.length > 1) {
        drawn.addLayer(state.drawing ? L.polyline(state.points, style) : L.polygon(state.points, style));
      }
      state.points.forEach(function (point, index) {
        var marker = L.marker(point, {
          draggable: true,
          keyboard: false, // the map's keys do the work: one stop for the keyboard, not one per corner
          title: attr(root, "msg-corner").replace("%(count)s", String(index + 1)),
          alt: attr(root, "msg-corner").replace("%(count)s", String(index + 1)),
          icon: L.divIcon({ className: "permits-leaflet__corner", iconSize: [18, 18] }),
        });
        marker.on("dragend", function () {
          state.points[index] = marker.getLatLng();
          render();
          if (state.finished) {
            write();
            message("moved", index + 1);
          }
        });
        drawn.addLayer(marker);
      });
      root.setAttribute("data-corners", String(state.points.length));
      root.classList.toggle("permits-draw--active", state.drawing);
    }

    function add(latlng) {
      state.points.push(latlng);
      message(state.points.length === 1 && allowPoint ? "point" : "added", state.points.length);
      render();
    }

    function start() {
      if (!state.drawing && state.saved === null) {
        state.saved = target.value;
      }
      state.drawing = true;
      state.finished = false;
      state.points = [];
      if (existingLayer) {
        map.removeLayer(existingLayer);
      }
      message("start", 0);
      render();
      map.getContainer().focus();
    }

    function finish() {
      if (!state.drawing && !state.finished) {
        return;
      }
      if (!write()) {
        message("too-few", state.points.length);
        return;
      }
      state.drawing = false;
      state.finished = true;
      message("finished", state.points.length);
      render();
    }

    function undo() {
      if (state.points.length) {
        state.points.pop();
        message("removed", state.points.length);
        if (state.finished && !write()) {
          state.finished = false;
          state.drawing = true;
        }
        render();
      }
    }

    function clear() {
      state.drawing = false;
      state.finished = false;
      state.points = [];
      if (state.saved !== null) {
        target.value = state.saved;
      }
      if (existingLayer) {
        existingLayer.addTo(map);
      }
      message("cleared", 0);
      render();
    }

    function locate() {
      if (!navigator.geolocation) {
        message("no-location", 0);
        return;
      }
      message("locating", 0);
      navigator.geolocation.getCurrentPosition(
        function (position) {
          var here = L.latLng(position.coords.latitude, position.coords.longitude);
          map.setView(here, Math.max(map.getZoom(), 16));
          root.setAttribute("data-located", "");
          if (allowPoint) {
            start();
            add(here);
            finish();
            message("located-point", 1);
          } else {
            message("located", 0);
          }
        },
        function () {
          message("no-location", 0);
        },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    }

    var actions = { start: start, finish: finish, undo: undo, clear: clear, locate: locate };
    root.querySelectorAll("[data-draw-action]").forEach(function (button) {
      button.addEventListener("click", function () {
        var action = actions[button.getAttribute("data-draw-action")];
        if (action) {
          action();
        }
      });
    });
    if (!navigator.geolocation) {
      root.querySelectorAll("[data-draw-action=locate]").forEach(function (b) { b.hidden = true; });
    }

    map.on("click", function (event) {
      if (state.drawing) {
        add(event.latlng);
      }
    });
    map.getContainer().addEventListener("keydown", function (event) {
      if (!state.drawing && event.key !== "Escape") {
        return;
      }
      if (event.key === "Enter" || event.key === " ") {
        add(map.getCenter());
      } else if (event.key === "Backspace" || event.key === "Delete") {
        undo();
      } else if (event.key === "Escape") {
        clear();
      } else {
        return;
      }
      event.preventDefault();
    });
  }

  function setupAll() {
    if (!window.L) {
      return;
    }
    document.querySelectorAll("[data-site-draw]:not([data-draw-ready])").forEach(drawMap);
    document.querySelectorAll("[data-site-map]:not([data-draw-ready])").forEach(readMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
  document.addEventListener("turbo:load", setupAll);
})();
