// Keeps a phone's (or the board's) inputs in localStorage until the server has them.
// Each input gets its id here (client_id); the server stores it under a unique constraint,
// so resending after a timeout, a reload or a sleeping phone never makes a second copy.
(function () {
  "use strict";
  var form = document.querySelector("[data-capture-form]");
  if (!form || !window.localStorage || !window.fetch) return;

  var labels = (document.getElementById("capture-labels") || {}).dataset || {};
  var label = function (key, fallback) { return labels[key] || fallback; };
  var staff = form.hasAttribute("data-staff");
  var key = "innspill.capture." + form.dataset.code;
  var list = document.querySelector("[data-capture-mine]");
  var errorBox = form.querySelector("[data-capture-error]");
  var network = document.querySelector("[data-capture-network]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
  var sending = false;
  var retryTimer = null;

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function device() {
    var id = localStorage.getItem("innspill.device");
    if (!id) {
      id = uuid();
      localStorage.setItem("innspill.device", id);
    }
    return id;
  }

  function load() {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }

  function save(items) { localStorage.setItem(key, JSON.stringify(items)); }

  function headers() {
    var h = { "Content-Type": "application/json", "X-Innspill-Device": device() };
    if (csrf) h["X-CSRFToken"] = csrf.value;
    return h;
  }

  function render() {
    var items = load();
    if (staff) items = items.filter(function (i) { return i.state !== "sent"; });
    list.textContent = "";
    items.slice().reverse().forEach(function (item) {
      var li = document.createElement("li");
      li.className = "capture-item capture-" + item.state;
      li.dataset.clientId = item.client_id;
      var text = document.createElement("span");
      text.className = "capture-item-text";
      text.textContent = item.text;
      var state = document.createElement("span");
      state.className = "capture-state";
      state.textContent = item.state === "queued" ? label("queued", "venter")
        : item.state === "failed" ? label("failed", "ikke sendt") : label("sent", "sendt");
      li.appendChild(text);
      li.appendChild(state);
      if (item.status_label) {
        var status = document.createElement("span");
        status.className = "capture-status";
        status.textContent = item.status_label + (item.reason ? ": " + item.reason : "");
        li.appendChild(status);
      }
      if (item.error) {
        var error = document.createElement("span");
        error.className = "capture-item-error";
        error.textContent = item.error;
        li.appendChild(error);
      }
      if (!staff && item.state === "sent" && (item.status === "pending" || item.status === "accepted")) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "linklike";
        button.textContent = label("withdraw", "Trekk tilbake");
        button.addEventListener("click", function () { withdraw(item.client_id); });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    if (network) network.textContent = navigator.onLine ? "" : label("offline", "");
  }

  function update(clientId, change) {
    var items = load();
    items.forEach(function (item) {
      if (item.client_id === clientId) Object.assign(item, change);
    });
    save(items);
  }

  function fromReceipt(body) {
    return { status: body.status, status_label: body.status_label, reason: body.reason || "", text: body.text };
  }

  function schedule(ms) {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ms);
  }

  // Sends every queued item in order; stops at the first network failure and tries again later.
  function flush() {
    if (sending) return;
    var queued = load().filter(function (i) { return i.state === "queued"; });
    if (!queued.length) return;
    sending = true;
    var sentAny = false;
    var next = function (index) {
      if (index >= queued.length) return Promise.resolve(true);
      var item = queued[index];
      return fetch(form.dataset.endpoint, {
        method: "POST",
        headers: headers(),
        credentials: "same-origin",
        body: JSON.stringify({ client_id: item.client_id, text: item.text, group: item.group }),
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          if (response.status === 200 || response.status === 201) {
            update(item.client_id, Object.assign({ state: "sent", error: "" }, fromReceipt(body)));
            sentAny = true;
          } else if (response.status === 403 && body.status) {
            update(item.client_id, Object.assign({ state: "sent", error: body.error }, fromReceipt(body)));
          } else if (response.status === 400) {
            update(item.client_id, { state: "failed", error: body.error || "" });
          } else {
            return false; // not open yet, rate-limited or a server error: keep it and retry
          }
          render();
          return next(index + 1);
        });
      }, function () { return false; });
    };
    next(0).then(function (done) {
      sending = false;
      render();
      if (sentAny) document.body.dispatchEvent(new CustomEvent("capture-sent"));
      if (!done) schedule(3000);
      else if (load().some(function (i) { return i.state === "queued"; })) schedule(500);
    });
  }

  function refresh() {
    if (staff || !form.dataset.mine || !navigator.onLine) return;
    fetch(form.dataset.mine, { headers: headers(), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        var items = load();
        var known = {};
        items.forEach(function (i) { known[i.client_id] = i; });
        body.items.forEach(function (receipt) {
          if (known[receipt.client_id]) {
            Object.assign(known[receipt.client_id], { state: "sent" }, fromReceipt(receipt));
          } else {
            items.push(Object.assign({ client_id: receipt.client_id, group: receipt.group, state: "sent" }, fromReceipt(receipt)));
          }
        });
        save(items);
        render();
      }, function () {});
  }

  function withdraw(clientId) {
    var url = form.dataset.withdraw.replace("00000000-0000-0000-0000-000000000000", clientId);
    fetch(url, { method: "POST", headers: headers(), credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (body) {
          update(clientId, fromReceipt(body));
          render();
        }
      }, function () {});
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var textField = form.querySelector("[name=text]");
    var groupField = form.querySelector("[name=group]");
    var text = textField.value.trim();
    if (!text) {
      errorBox.textContent = label("empty", "Skriv innspillet først.");
      errorBox.hidden = false;
      textField.focus();
      return;
    }
    errorBox.hidden = true;
    var items = load();
    items.push({ client_id: uuid(), text: text, group: groupField ? groupField.value : "", state: "queued" });
    save(items); // stored before any request: a reload or a dead battery cannot lose it
    textField.value = "";
    textField.focus();
    render();
    flush();
  });

  // On the board, Enter saves and Shift+Enter makes a new line.
  var enter = form.querySelector("[data-enter-submits]");
  if (enter) {
    enter.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  window.addEventListener("online", function () { render(); flush(); refresh(); });
  window.addEventListener("offline", render);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { flush(); refresh(); }
  });
  render();
  flush();
  refresh();
  setInterval(refresh, 15000);
})();
