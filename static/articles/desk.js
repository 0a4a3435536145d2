/* The page desk (templates/admin/articles/page/desk.html, articles/desk.py).

   - Regions: each item's "版面区域" field holds its boxes on the scan as "x y 宽 高" fractions.
     They are drawn over the scan; pressing the mouse on the scan and dragging draws a box for the
     active item (the one last clicked or typed in, or whose "画区域" button was pressed). A box
     can be dragged to move it, or focused and moved with the arrow keys (Shift + arrows resize,
     Delete removes it). Typing numbers in the field works too: the picture follows.
   - Items: numbered in printed order, moved with 上移/下移 (their 版内顺序 follows); a new empty
     item appears as soon as the last one is typed in, and an empty photo slot as soon as a file
     is chosen in the last one.
   - Names: the people, topics and places fields suggest who is meant as one types (the admin's
     autocomplete, labelled: 马龙（本报记者）· 吕梁日报); choosing one writes the name as typed.
   - A newly chosen scan is shown at once (from the browser's memory), before it is saved.

   Without JavaScript the desk is a plain form: regions typed as numbers, one empty item and one
   empty photo slot per save. Strings come from the desk's data-text-* attributes. */
(function () {
  "use strict";

  var desk = document.querySelector(".desk");
  var form = document.getElementById("desk-form");
  if (!desk || !form) { return; }
  var texts = desk.dataset;
  var canvas = desk.querySelector(".desk-scan__canvas");
  var scan = desk.querySelector(".desk-scan__image");
  var status = desk.querySelector(".desk-scan__status");
  var itemsBox = desk.querySelector(".desk-items");
  var itemTemplate = document.getElementById("desk-item-template");
  var total = form.querySelector("#id_items-TOTAL_FORMS");
  var MIN_SIZE = 0.01; // a press without a real drag is not a box
  var STEP = 0.005; // what an arrow key moves, as a fraction of the page
  var active = null;

  // --- items ------------------------------------------------------------------------------

  function items() {
    return Array.prototype.slice.call(itemsBox.querySelectorAll(".desk-item"));
  }

  function field(item, name) {
    return item.querySelector('[name="' + item.dataset.prefix + "-" + name + '"]');
  }

  function isDeleted(item) {
    var box = field(item, "DELETE");
    return Boolean(box && box.checked);
  }

  function isBlank(item) {
    if (!item.classList.contains("desk-item--new")) { return false; }
    var names = ["kicker", "headline", "subheadline", "byline", "body", "regions"];
    var typed = names.some(function (name) {
      var input = field(item, name);
      return input && input.value.trim();
    });
    var files = Array.prototype.some.call(item.querySelectorAll('.desk-photo input[type="file"]'),
      function (input) { return input.files.length > 0; });
    return !typed && !files;
  }

  function title(item) {
    var headline = field(item, "headline");
    return (headline && headline.value.trim()) || texts.textNewItem;
  }

  function colour(index) {
    return "hsl(" + ((index * 67) % 360) + ", 75%, 40%)";
  }

  function renumber() {
    var number = 0;
    items().forEach(function (item) {
      var position = field(item, "position");
      if (isDeleted(item)) {
        item.classList.add("desk-item--deleted");
        return;
      }
      item.classList.remove("desk-item--deleted");
      number += 1;
      item.dataset.number = number;
      item.style.setProperty("--item-colour", colour(number));
      item.querySelector(".desk-item__number").textContent = number;
      item.querySelector(".desk-item__title").textContent = title(item);
      if (position) { position.value = number; }
    });
    drawRegions();
  }

  function addItem() {
    var index = Number(total.value);
    var html = itemTemplate.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    var item = holder.firstElementChild;
    itemsBox.appendChild(item);
    total.value = index + 1;
    setUpItem(item);
    renumber();
    return item;
  }

  function move(item, direction) {
    var sibling = direction === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) { return; }
    if (direction === "up") {
      itemsBox.insertBefore(item, sibling);
    } else {
      itemsBox.insertBefore(sibling, item);
    }
    renumber();
    item.querySelector('[data-move="' + direction + '"]').focus();
  }

  function activate(item) {
    if (active === item) { return; }
    if (active) { active.classList.remove("desk-item--active"); }
    active = item;
    if (item) {
      item.classList.add("desk-item--active");
      announce(texts.textDrawing.replace("{item}", title(item)));
    }
    drawRegions();
  }

  function toggleSource(item) {
    var origin = field(item, "origin");
    var source = item.querySelector(".desk-item__source");
    if (!origin || !source) { return; }
    var reprint = origin.value === "reprint";
    source.querySelectorAll(".desk-field").forEach(function (box) {
      if (!box.classList.contains("desk-field--origin")) { box.hidden = !reprint; }
    });
  }

  function setUpPhoto(photo) {
    var file = photo.querySelector('input[type="file"]');
    var empty = !photo.querySelector(".desk-photo__thumb") && !photo.querySelector(".kept-upload")
      && !photo.classList.contains("has-errors");
    photo.classList.toggle("desk-photo--empty", empty);
    if (file) {
      file.addEventListener("change", function () {
        photo.classList.remove("desk-photo--empty");
        var list = photo.parentElement;
        if (file.files.length && list.lastElementChild === photo) { addPhoto(photo.closest(".desk-photos")); }
      });
    }
  }

  function addPhoto(box) {
    var prefix = box.dataset.prefix;
    var count = box.querySelector('[name="' + prefix + '-TOTAL_FORMS"]');
    var template = box.querySelector(".desk-photo-template");
    var index = Number(count.value);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML.replace(/__photo__/g, String(index)).trim();
    var photo = holder.firstElementChild;
    box.querySelector(".desk-photos__list").appendChild(photo);
    count.value = index + 1;
    setUpPhoto(photo);
    setUpSuggestions(photo);
  }

  function setUpItem(item) {
    item.addEventListener("focusin", function () { activate(item); });
    item.addEventListener("pointerdown", function () { activate(item); });
    item.addEventListener("input", function (event) {
      if (event.target.name === item.dataset.prefix + "-regions") { drawRegions(); }
      if (event.target.name === item.dataset.prefix + "-headline") {
        item.querySelector(".desk-item__title").textContent = title(item);
        if (item === active) { announce(texts.textDrawing.replace("{item}", title(item))); }
      }
      var all = items();
      if (item.classList.contains("desk-item--new") && all[all.length - 1] === item) { addItem(); }
    });
    item.querySelectorAll("[data-move]").forEach(function (button) {
      button.addEventListener("click", function () { move(item, button.dataset.move); });
    });
    var draw = item.querySelector("[data-draw]");
    draw.addEventListener("click", function () {
      activate(item);
      canvas.focus();
    });
    var remove = field(item, "DELETE");
    if (remove) { remove.addEventListener("change", renumber); }
    var origin = field(item, "origin");
    if (origin) {
      origin.addEventListener("change", function () { toggleSource(item); });
      toggleSource(item);
    }
    item.querySelectorAll(".desk-photo").forEach(setUpPhoto);
    setUpSuggestions(item);
  }

  // --- regions on the scan --------------------------------------------------------------------

  function readRegions(item) {
    var input = field(item, "regions");
    if (!input) { return []; }
    return input.value.split(/[;；\n]+/).map(function (part) {
      var numbers = part.trim().split(/[\s,，]+/).filter(Boolean).map(Number);
      return numbers.length === 4 && numbers.every(isFinite) ? numbers : null;
    }).filter(Boolean);
  }

  function writeRegions(item, boxes) {
    field(item, "regions").value = boxes.map(function (box) {
      return box.map(function (n) { return n.toFixed(3); }).join(" ");
    }).join("; ");
  }

  function clamp(value, low, high) {
    return Math.min(Math.max(value, low), high);
  }

  function fit(box) {
    var width = clamp(box[2], MIN_SIZE, 1);
    var height = clamp(box[3], MIN_SIZE, 1);
    return [clamp(box[0], 0, 1 - width), clamp(box[1], 0, 1 - height), width, height];
  }

  function drawRegions() {
    canvas.querySelectorAll(".desk-region").forEach(function (node) { node.remove(); });
    items().forEach(function (item) {
      if (isDeleted(item)) { return; }
      readRegions(item).forEach(function (box, index) {
        var node = document.createElement("div");
        node.className = "desk-region" + (item === active ? " desk-region--active" : "");
        node.style.left = box[0] * 100 + "%";
        node.style.top = box[1] * 100 + "%";
        node.style.width = box[2] * 100 + "%";
        node.style.height = box[3] * 100 + "%";
        node.style.setProperty("--item-colour", item.style.getPropertyValue("--item-colour"));
        node.tabIndex = 0;
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", texts.textRegion.replace("{item}", title(item)).replace("{n}", index + 1));
        node.dataset.index = index;
        node.textContent = item.dataset.number || "";
        node.deskItem = item;
        canvas.appendChild(node);
      });
    });
  }

  function announce(message) {
    if (status) { status.textContent = message; }
  }

  function pointAt(event) {
    var rect = scan.getBoundingClientRect();
    return [clamp((event.clientX - rect.left) / rect.width, 0, 1),
      clamp((event.clientY - rect.top) / rect.height, 0, 1)];
  }

  var gesture = null;

  canvas.addEventListener("pointerdown", function (event) {
    if (event.button !== 0 || scan.hidden || !scan.naturalWidth) { return; }
    var region = event.target.closest(".desk-region");
    var start = pointAt(event);
    if (region) {
      activate(region.deskItem);
      gesture = { kind: "move", item: region.deskItem, index: Number(region.dataset.index),
        start: start, box: readRegions(region.deskItem)[Number(region.dataset.index)] };
    } else {
      if (!active || isDeleted(active)) { announce(texts.textPick); return; }
      var ghost = document.createElement("div");
      ghost.className = "desk-region desk-region--active desk-region--drawing";
      ghost.style.setProperty("--item-colour", active.style.getPropertyValue("--item-colour"));
      canvas.appendChild(ghost);
      gesture = { kind: "draw", item: active, start: start, ghost: ghost };
    }
    canvas.setPointerCapture(event.pointerId);
    event.preventDefault();
  });

  canvas.addEventListener("pointermove", function (event) {
    if (!gesture) { return; }
    var point = pointAt(event);
    if (gesture.kind === "draw") {
      var x = Math.min(point[0], gesture.start[0]);
      var y = Math.min(point[1], gesture.start[1]);
      gesture.box = [x, y, Math.abs(point[0] - gesture.start[0]), Math.abs(point[1] - gesture.start[1])];
      gesture.ghost.style.left = x * 100 + "%";
      gesture.ghost.style.top = y * 100 + "%";
      gesture.ghost.style.width = gesture.box[2] * 100 + "%";
      gesture.ghost.style.height = gesture.box[3] * 100 + "%";
    } else {
      var boxes = readRegions(gesture.item);
      var box = gesture.box;
      boxes[gesture.index] = fit([box[0] + point[0] - gesture.start[0],
        box[1] + point[1] - gesture.start[1], box[2], box[3]]);
      writeRegions(gesture.item, boxes);
      drawRegions();
    }
  });

  function endGesture() {
    if (!gesture) { return; }
    if (gesture.kind === "draw") {
      gesture.ghost.remove();
      var box = gesture.box;
      if (box && box[2] >= MIN_SIZE && box[3] >= MIN_SIZE) {
        var boxes = readRegions(gesture.item);
        boxes.push(fit(box));
        writeRegions(gesture.item, boxes);
        gesture.item.dispatchEvent(new Event("input", { bubbles: true }));
      }
      drawRegions();
    }
    gesture = null;
  }
  canvas.addEventListener("pointerup", endGesture);
  canvas.addEventListener("pointercancel", endGesture);

  canvas.addEventListener("keydown", function (event) {
    var region = event.target.closest(".desk-region");
    if (!region) { return; }
    var item = region.deskItem;
    var index = Number(region.dataset.index);
    var boxes = readRegions(item);
    var box = boxes[index].slice();
    var moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (event.key === "Delete" || event.key === "Backspace") {
      boxes.splice(index, 1);
    } else if (moves[event.key]) {
      var dx = moves[event.key][0] * STEP;
      var dy = moves[event.key][1] * STEP;
      if (event.shiftKey) {
        box[2] += dx;
        box[3] += dy;
      } else {
        box[0] += dx;
        box[1] += dy;
      }
      boxes[index] = fit(box);
    } else {
      return;
    }
    event.preventDefault();
    writeRegions(item, boxes);
    drawRegions();
    var again = canvas.querySelectorAll(".desk-region")[0];
    canvas.querySelectorAll(".desk-region").forEach(function (node) {
      if (node.deskItem === item && Number(node.dataset.index) === index) { again = node; }
    });
    if (again) { again.focus(); }
  });

  // a scan chosen now is shown at once; a kept one (after a failed save) from the staff view
  var scanInput = form.querySelector('input[type="file"][name="page-image"]');
  var keptScan = form.querySelector('input[name="page-image__kept"]');
  function showScan(src) {
    scan.src = src;
    scan.hidden = false;
    var empty = canvas.querySelector(".desk-scan__empty");
    if (empty) { empty.hidden = true; }
  }
  if (keptScan && keptScan.dataset.keptUrl) { showScan(keptScan.dataset.keptUrl); }
  if (scanInput) {
    scanInput.addEventListener("change", function () {
      if (scanInput.files.length) { showScan(URL.createObjectURL(scanInput.files[0])); }
    });
  }
  scan.addEventListener("load", drawRegions);

  // --- suggestions for typed names ---------------------------------------------------------------

  var SOURCES = {
    person: { model_name: "articlecredit", field_name: "person" },
    tag: { model_name: "article", field_name: "tags" },
    place: { model_name: "article", field_name: "places" }
  };
  var SEPARATORS = /[\s、，,；;]+/;
  var listCount = 0;

  function setUpSuggestions(root) {
    root.querySelectorAll("input[data-suggest]").forEach(function (input) {
      if (input.dataset.suggestReady) { return; }
      input.dataset.suggestReady = "1";
      var list = document.createElement("ul");
      listCount += 1;
      list.id = "desk-suggest-" + listCount;
      list.className = "desk-suggest";
      list.setAttribute("role", "listbox");
      list.hidden = true;
      input.insertAdjacentElement("afterend", list);
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", list.id);
      input.autocomplete = "off";
      var timer = null;
      var request = 0;
      var chosen = -1;

      function close() {
        list.hidden = true;
        list.innerHTML = "";
        chosen = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
      }

      function currentTerm() {
        var parts = input.value.split(SEPARATORS);
        return parts[parts.length - 1];
      }

      function choose(option) {
        var parts = input.value.split(SEPARATORS);
        var before = input.value.slice(0, input.value.length - parts[parts.length - 1].length);
        input.value = before + option.dataset.token + " ";
        close();
        input.focus();
      }

      function highlight(index) {
        var options = list.querySelectorAll("[role=option]");
        if (!options.length) { return; }
        chosen = (index + options.length) % options.length;
        options.forEach(function (option, n) { option.setAttribute("aria-selected", n === chosen ? "true" : "false"); });
        input.setAttribute("aria-activedescendant", options[chosen].id);
      }

      function show(results, term) {
        list.innerHTML = "";
        results.forEach(function (result, n) {
          var option = document.createElement("li");
          option.id = list.id + "-" + n;
          option.setAttribute("role", "option");
          option.dataset.token = result.token || result.text;
          option.textContent = result.text;
          option.addEventListener("pointerdown", function (event) {
            event.preventDefault();
            choose(option);
          });
          list.appendChild(option);
        });
        if (!results.length) {
          var none = document.createElement("li");
          none.className = "desk-suggest__none";
          none.textContent = texts.textNoSuggestion + "：" + term;
          list.appendChild(none);
        }
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }

      function fetchSuggestions() {
        var term = currentTerm();
        if (!term) { close(); return; }
        var source = SOURCES[input.dataset.suggest];
        var params = new URLSearchParams({ term: term, app_label: "articles",
          model_name: source.model_name, field_name: source.field_name });
        request += 1;
        var mine = request;
        fetch(texts.autocompleteUrl + "?" + params.toString(), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (mine === request && document.activeElement === input) { show(data.results.slice(0, 8), term); }
          })
          .catch(close);
      }

      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(fetchSuggestions, 200);
      });
      input.addEventListener("keydown", function (event) {
        if (list.hidden) { return; }
        if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          highlight(chosen + (event.key === "ArrowDown" ? 1 : -1));
          event.preventDefault();
        } else if (event.key === "Enter" && chosen >= 0) {
          choose(list.querySelectorAll("[role=option]")[chosen]);
          event.preventDefault();
        } else if (event.key === "Escape") {
          close();
        }
      });
      input.addEventListener("blur", function () { setTimeout(close, 150); });
    });
  }

  // --- start ------------------------------------------------------------------------------------

  items().forEach(setUpItem);
  setUpSuggestions(desk.querySelector(".desk-page"));
  var addButton = desk.querySelector(".desk-add-item");
  if (addButton) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      var item = addItem();
      field(item, "headline").focus();
    });
  }
  var firstBlank = items().filter(isBlank)[0];
  activate(items().filter(function (item) { return !isBlank(item); })[0] || firstBlank || null);
  renumber();
})();
