// The Backdrop playground: a form over the HTTP API of the server that serves this page.
// Every request goes to this origin; nothing is loaded from anywhere else.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = "backdrop.apiKey";
  const KEY_HELP = "Kept in this browser only.";
  const KEY_HINT = "Paste your API key: backdrop serve prints one the first time it starts; more come from "
    + "backdrop keys create. " + KEY_HELP;
  const FORM_STORE = "backdrop.form";
  const POLL_MS = 600;
  const PARALLEL = 2;

  const form = $("run-form");
  const keyInput = $("api-key");
  const promptInput = $("prompt");
  const urlsInput = $("photo-urls");
  const runButton = $("run");
  const zipButton = $("zip");

  const state = {
    files: [],            // {id, name, src, value, error}
    urlErrors: new Map(), // url -> message
    ref: null,            // {name, value, src}
    authRequired: true,
    running: false,
    downloads: [],        // {name, url}
  };
  let nextId = 1;

  // ---------------------------------------------------------------- API calls

  class ApiProblem extends Error {
    constructor(status, body, retryAfter) {
      super((body && body.error) || (status === 0 ? "network error" : "HTTP " + status));
      this.status = status;
      this.code = (body && body.code) || "";
      this.field = (body && body.field) || null;
      this.requestId = (body && body.request_id) || null;
      this.retryAfter = retryAfter;
    }
  }

  function authHeaders() {
    const key = keyInput.value.trim();
    return key ? { "x-api-key": key } : {};
  }

  async function api(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: Object.assign(body ? { "content-type": "application/json" } : {}, authHeaders()),
        body: body ? JSON.stringify(body) : undefined,
        cache: "no-store",
      });
    } catch (e) {
      throw new ApiProblem(0, null, null);
    }
    const credits = response.headers.get("x-remaining-credits");
    if (credits !== null) {
      showCredits(Number(credits));
    }
    let json = null;
    try {
      json = await response.json();
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      throw new ApiProblem(response.status, json, response.headers.get("Retry-After"));
    }
    return { status: response.status, json };
  }

  // ---------------------------------------------------------------- key and credits

  function showCredits(n) {
    const p = $("credits");
    if (!state.authRequired) {
      p.textContent = "No key needed: this server runs without authentication.";
      p.classList.remove("low");
      p.classList.add("free");
      return;
    }
    p.innerHTML = "";
    const amount = document.createElement("span");
    amount.className = "amount";
    amount.textContent = String(n);
    p.append(amount, n === 1 ? " credit left" : " credits left");
    p.classList.toggle("low", n < 5);
    p.dataset.credits = String(n);
    updateCost();
  }

  function showKeyError(message) {
    const el = $("key-error");
    el.textContent = message;
    el.hidden = !message;
    keyInput.setAttribute("aria-invalid", message ? "true" : "false");
  }

  /**
   * Whether this server needs a key, asked without one: before a key is entered the page makes no
   * request that the server would refuse.
   */
  async function loadAuthMode() {
    $("credits").textContent = "";
    delete $("credits").dataset.credits;
    try {
      const { json } = await api("GET", "/v1/auth");
      state.authRequired = json.auth !== "disabled";
      $("key-row").hidden = !state.authRequired;
      $("key-help").hidden = !state.authRequired;
      $("key-help").textContent = state.authRequired ? KEY_HINT : KEY_HELP;
      showKeyError("");
      if (!state.authRequired) {
        showCredits(null);
      }
      updateCost();
    } catch (e) {
      if (e.status === 0) {
        $("credits").textContent = "The server cannot be reached.";
      }
    }
  }

  async function loadAccount() {
    if (!keyInput.value.trim()) {
      return loadAuthMode();
    }
    $("key-help").textContent = KEY_HELP;
    try {
      const { json } = await api("GET", "/v1/account");
      state.authRequired = json.auth !== "disabled";
      $("key-row").hidden = !state.authRequired;
      $("key-help").hidden = !state.authRequired;
      showKeyError("");
      if (state.authRequired) {
        showCredits(json.credits);
      } else {
        showCredits(null);
      }
    } catch (e) {
      $("credits").textContent = "";
      if (e.status === 401) {
        showKeyError(keyMessage(e));
      } else if (e.status === 0) {
        showKeyError("");
        $("credits").textContent = "The server cannot be reached.";
      }
    }
  }

  /** A server message as a sentence of its own. */
  function sentence(text) {
    const t = String(text || "").trim();
    if (!t) {
      return "";
    }
    return t.charAt(0).toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? "" : ".");
  }

  function keyMessage(problem) {
    return sentence(problem.message) + " Paste a valid key; backdrop keys list shows them.";
  }

  let keyTimer = null;
  keyInput.addEventListener("input", () => {
    localStorage.setItem(KEY_STORE, keyInput.value.trim());
    clearTimeout(keyTimer);
    keyTimer = setTimeout(loadAccount, 300);
  });
  $("key-show").addEventListener("click", (e) => {
    const shown = keyInput.type === "text";
    keyInput.type = shown ? "password" : "text";
    e.currentTarget.textContent = shown ? "Show" : "Hide";
    e.currentTarget.setAttribute("aria-pressed", String(!shown));
  });

  // ---------------------------------------------------------------- photos

  function readAsDataUrl(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(file);
    });
  }

  async function addFiles(fileList) {
    for (const file of fileList) {
      const src = await readAsDataUrl(file);
      state.files.push({ id: nextId++, name: file.name || "pasted image", src, value: src, error: null });
    }
    clearFieldError("photos");
    renderInputs();
  }

  /** One http(s) URL, nothing around it: a line with a space in it holds words or several URLs, not one. */
  function isImageUrl(text) {
    if (/\s/.test(text)) {
      return false;
    }
    try {
      const url = new URL(text);
      return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
    } catch (e) {
      return false;
    }
  }

  /** The URL box line by line: its URLs, and the numbers (from 1) of the lines that are not one. Blank lines are skipped. */
  function urlLines() {
    const urls = [];
    const bad = [];
    urlsInput.value.split(/\r?\n/).forEach((line, i) => {
      const text = line.trim();
      if (!text) {
        return;
      }
      if (isImageUrl(text)) {
        urls.push(text);
      } else {
        bad.push(i + 1);
      }
    });
    return { urls, bad };
  }

  function urlInputs() {
    return urlLines().urls.map((url) => ({
      id: "url:" + url, name: url, src: url, value: url, error: state.urlErrors.get(url) || null, isUrl: true,
    }));
  }

  /** "3", "3 and 5", "3, 5 and 8". */
  function listed(numbers) {
    return numbers.length === 1 ? String(numbers[0])
      : numbers.slice(0, -1).join(", ") + " and " + numbers[numbers.length - 1];
  }

  /**
   * Marks the URL box while a line in it is not an image URL; true when every line is one. With
   * show false a message already shown is only brought up to date (or removed), so none appears
   * while a URL is still being typed.
   */
  function checkUrlLines(show) {
    const { bad } = urlLines();
    const el = $("photo-urls-error");
    if (!bad.length || (!show && el.hidden)) {
      if (!bad.length) {
        clearFieldError("photo-urls");
      }
      return bad.length === 0;
    }
    showFieldError("photo-urls", (bad.length === 1 ? "Line " + bad[0] + " is not an image URL"
      : "Lines " + listed(bad) + " are not image URLs") + ". Put one address per line, starting with http:// or "
      + "https://; nothing is sent while a line is not one.");
    return false;
  }

  function allInputs() {
    return state.files.concat(urlInputs());
  }

  function mark(text) {
    const span = document.createElement("span");
    span.className = "url-mark";
    span.setAttribute("aria-hidden", "true");
    span.textContent = text;
    return span;
  }

  function renderInputs() {
    const list = $("inputs");
    list.innerHTML = "";
    for (const input of allInputs()) {
      const li = document.createElement("li");
      li.classList.toggle("bad", Boolean(input.error));
      if (input.src && !input.isUrl) {
        const img = document.createElement("img");
        img.alt = "";
        img.addEventListener("error", () => img.replaceWith(mark("?")));
        img.src = input.src;
        li.append(img);
      } else {
        li.append(mark("URL"));
      }
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = input.name;
      name.title = input.name;
      li.append(name);
      if (!input.isUrl) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "ghost small";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove " + input.name);
        remove.addEventListener("click", () => {
          state.files = state.files.filter((f) => f.id !== input.id);
          renderInputs();
          $("photos").focus();
        });
        li.append(remove);
      } else {
        li.append(document.createElement("span"));
      }
      if (input.error) {
        const error = document.createElement("p");
        error.className = "error input-error";
        error.setAttribute("role", "alert");
        error.textContent = input.error;
        li.append(error);
      }
      list.append(li);
    }
    updateCost();
  }

  $("photos").addEventListener("change", (e) => {
    addFiles(e.target.files).then(() => { e.target.value = ""; });
  });
  urlsInput.addEventListener("input", () => {
    state.urlErrors.clear();
    clearFieldError("photos");
    checkUrlLines(false);
    renderInputs();
  });
  urlsInput.addEventListener("change", () => checkUrlLines(true));

  const drop = $("drop");
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, () => drop.classList.remove("over")));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    const files = [...e.dataTransfer.files];
    if (files.length) {
      addFiles(files);
    } else {
      const text = e.dataTransfer.getData("text/uri-list") || e.dataTransfer.getData("text/plain");
      // A uri-list may carry comment lines ("#..."); only its addresses belong in the box.
      const lines = text.split(/\r?\n/).filter((line) => !line.startsWith("#")).join("\n").trim();
      if (lines) {
        urlsInput.value = (urlsInput.value.trim() + "\n" + lines).trim();
        checkUrlLines(true);
        renderInputs();
        saveForm();
      }
    }
  });
  // A photo dropped beside the zone must not replace the page.
  document.addEventListener("dragover", (e) => e.preventDefault());
  document.addEventListener("drop", (e) => e.preventDefault());
  document.addEventListener("paste", (e) => {
    const files = [...(e.clipboardData ? e.clipboardData.files : [])].filter((f) => f.type.startsWith("image/"));
    if (files.length) {
      e.preventDefault();
      addFiles(files);
    }
  });

  // ---------------------------------------------------------------- reference image

  function setReference(ref) {
    state.ref = ref;
    const preview = $("ref-preview");
    preview.hidden = !ref;
    if (ref) {
      preview.querySelector("img").src = ref.src || "";
    }
    clearFieldError("ref_image");
  }
  $("ref-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) {
      const src = await readAsDataUrl(file);
      $("ref-url").value = "";
      setReference({ name: file.name, value: src, src });
    }
  });
  $("ref-url").addEventListener("input", (e) => {
    const url = e.target.value.trim();
    $("ref-file").value = "";
    setReference(url ? { name: url, value: url, src: /^https?:\/\//i.test(url) ? url : null } : null);
  });
  $("ref-clear").addEventListener("click", () => {
    $("ref-file").value = "";
    $("ref-url").value = "";
    setReference(null);
    $("ref-file").focus();
  });

  // ---------------------------------------------------------------- prompt and settings

  function isCutout() {
    return promptInput.value.trim().toLowerCase() === "transparent";
  }

  function markExample() {
    const text = promptInput.value.trim();
    document.querySelectorAll(".chip").forEach((chip) => {
      chip.setAttribute("aria-pressed", String(chip.dataset.prompt === text));
    });
  }

  document.querySelectorAll(".chip").forEach((chip) => {
    chip.setAttribute("aria-pressed", "false");
    chip.addEventListener("click", () => {
      promptInput.value = chip.dataset.prompt;
      clearFieldError("prompt");
      markExample();
      updateCost();
      saveForm();
    });
  });
  promptInput.addEventListener("input", () => {
    clearFieldError("prompt");
    markExample();
    updateCost();
  });

  const ranges = [...document.querySelectorAll(".range input")];
  function showRange(input) {
    input.nextElementSibling.textContent = input.value;
  }
  ranges.forEach((input) => {
    showRange(input);
    input.addEventListener("input", () => {
      showRange(input);
      clearFieldError(input.id);
      updateCost();
    });
  });

  const seedInput = $("seed");
  const seedRandom = $("seed-random");
  seedRandom.addEventListener("change", () => {
    seedInput.disabled = seedRandom.checked;
    if (!seedRandom.checked) {
      seedInput.focus();
    }
    clearFieldError("seed");
  });

  $("reset-advanced").addEventListener("click", () => {
    document.querySelectorAll("#advanced [data-default]").forEach((el) => {
      if (el.type === "checkbox") {
        el.checked = el.dataset.default === "true";
      } else {
        el.value = el.dataset.default;
      }
    });
    seedRandom.checked = true;
    seedInput.disabled = true;
    seedInput.value = "";
    ranges.forEach(showRange);
    updateCost();
    saveForm();
  });

  /** The request fields for one photo, as the native jobs API takes them. */
  function jobBody(image) {
    const body = { kind: isCutout() ? "cutout" : "replace", image };
    const format = $("format").value;
    if (body.kind === "cutout") {
      if (format) {
        body.format = format;
      }
      return body;
    }
    body.prompt = promptInput.value.trim();
    body.negative_prompt = $("negative-prompt").value.trim();
    if (state.ref) {
      body.ref_image = state.ref.value;
    }
    body.samples = Number($("samples").value);
    body.seed = seedRandom.checked || seedInput.value === "" ? -1 : Number(seedInput.value);
    body.scheduler = $("scheduler").value;
    body.num_inference_steps = Number($("num_inference_steps").value);
    body.guidance_scale = Number($("guidance_scale").value);
    body.strength = Number($("strength").value);
    body.cn_weight = Number($("cn_weight").value);
    body.ip_adapter_weight = Number($("ip_adapter_weight").value);
    if (format) {
      body.format = format;
    }
    body.aspect = $("aspect").value;
    body.placement = $("placement").value;
    if (body.placement === "center") {
      body.fill = Number($("fill").value);
      body.padding = Number($("padding").value);
    }
    body.shadow = $("shadow").value;
    body.shadow_strength = Number($("shadow_strength").value);
    body.preserve_product = $("preserve_product").checked;
    return body;
  }

  /** What one photo costs, as the server prices it. */
  function costPerPhoto() {
    if (isCutout()) {
      return 1;
    }
    return Number($("samples").value) * Math.ceil(Number($("num_inference_steps").value) / 25);
  }

  function updateCost() {
    const photos = allInputs().length;
    const el = $("cost");
    if (!photos) {
      el.textContent = "Add a photo to start.";
      return;
    }
    const each = costPerPhoto();
    const images = isCutout() ? photos : photos * Number($("samples").value);
    let text = images + (images === 1 ? " image" : " images");
    if (state.authRequired) {
      const total = each * photos;
      text += " · costs " + total + (total === 1 ? " credit" : " credits");
    }
    el.textContent = text;
    runButton.textContent = state.running ? "Working…" : isCutout()
      ? (photos === 1 ? "Cut out" : "Cut out " + photos + " photos")
      : "Create " + text.split(" · ")[0];
  }

  // Everything typed into the form survives a reload (photos excepted: they may be large).
  const SAVED = ["prompt", "negative-prompt", "photo-urls", "ref-url", "samples", "seed", "seed-random", "scheduler",
    "num_inference_steps", "guidance_scale", "strength", "cn_weight", "ip_adapter_weight", "format", "aspect",
    "placement", "fill", "padding", "shadow", "shadow_strength", "preserve_product"];

  function saveForm() {
    const saved = {};
    for (const id of SAVED) {
      const el = $(id);
      saved[id] = el.type === "checkbox" ? el.checked : el.value;
    }
    localStorage.setItem(FORM_STORE, JSON.stringify(saved));
  }

  function restoreForm() {
    let saved;
    try {
      saved = JSON.parse(localStorage.getItem(FORM_STORE) || "{}");
    } catch (e) {
      saved = {};
    }
    for (const id of SAVED) {
      if (!(id in saved)) {
        continue;
      }
      const el = $(id);
      if (el.type === "checkbox") {
        el.checked = Boolean(saved[id]);
      } else {
        el.value = saved[id];
      }
    }
    seedInput.disabled = seedRandom.checked;
    if (!$("shadow").value) {
      $("shadow").value = "soft"; // saved by a page whose shadow was a checkbox
    }
    const refUrl = $("ref-url").value.trim();
    if (refUrl) {
      setReference({ name: refUrl, value: refUrl, src: refUrl });
    }
    ranges.forEach(showRange);
    markExample();
  }
  form.addEventListener("input", saveForm);
  form.addEventListener("change", saveForm);

  // ---------------------------------------------------------------- errors next to their cause

  const ADVANCED_FIELDS = new Set(["samples", "seed", "scheduler", "num_inference_steps", "guidance_scale",
    "strength", "cn_weight", "ip_adapter_weight", "format", "aspect", "placement", "fill", "padding", "shadow",
    "shadow_strength", "preserve_product"]);
  const FIELD_INPUTS = { prompt: "prompt", negative_prompt: "negative-prompt", ref_image: "ref-url" };

  function showFieldError(field, message) {
    const el = $(field + "-error");
    if (!el) {
      return false;
    }
    el.textContent = message;
    el.hidden = false;
    const input = $(FIELD_INPUTS[field] || field);
    if (input) {
      input.setAttribute("aria-invalid", "true");
    }
    if (ADVANCED_FIELDS.has(field)) {
      $("advanced").open = true;
    }
    if (field === "ref_image") {
      document.querySelector("details.reference").open = true;
    }
    return true;
  }

  function clearFieldError(field) {
    const el = $(field + "-error");
    if (el) {
      el.hidden = true;
      el.textContent = "";
    }
    const input = $(FIELD_INPUTS[field] || field);
    if (input) {
      input.removeAttribute("aria-invalid");
    }
  }

  function clearErrors() {
    document.querySelectorAll("#run-form .error").forEach((el) => {
      el.hidden = true;
      el.textContent = "";
    });
    document.querySelectorAll("#run-form [aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    state.files.forEach((f) => { f.error = null; });
    state.urlErrors.clear();
    renderInputs();
  }

  const STATUS_OF_CODE = {
    invalid_api_key: 401, insufficient_credits: 406, image_too_large: 413, request_too_large: 413,
    unsupported_image: 415, undecodable_image: 422, overloaded: 429, not_ready: 503, model_unavailable: 503,
    url_fetch_failed: 400, url_not_allowed: 400, invalid_url: 400,
  };

  /** Words a person can act on, for a failure of one photo; shown next to what caused it. */
  function explain(problem, input) {
    const status = problem.status || STATUS_OF_CODE[problem.code] || 0;
    const photoProblem = (text) => {
      setInputError(input, text);
      return text;
    };
    switch (status) {
      case 0:
        return runError("The Backdrop server cannot be reached. Is backdrop serve still running?");
      case 401: {
        const text = keyInput.value.trim() ? keyMessage(problem)
          : "This server needs an API key: paste it at the top of the page.";
        showKeyError(text);
        return "Not run: the API key was not accepted.";
      }
      case 406:
        // The server's words say what it costs, what is left and who adds credits.
        return runError((problem.message ? sentence(problem.message)
          : "Not enough credits: the operator adds them with backdrop keys credit.") + " Or make fewer images.");
      case 413:
        return photoProblem("This photo is too large for the server. " + sentence(problem.message));
      case 415:
        return photoProblem("This file is not a picture Backdrop can read: choose a JPEG, PNG or WebP photo.");
      case 422:
        return photoProblem("This picture is damaged and cannot be read. " + sentence(problem.message));
      case 429: {
        const wait = problem.retryAfter ? " Try again in " + problem.retryAfter + " seconds." : " Try again shortly.";
        return runError("The server is busy with other images." + wait);
      }
      case 503:
        return runError("The server is still starting (loading its model). Try again in a few seconds.");
      default:
        break;
    }
    if (status === 400) {
      const field = problem.field || (/^url_|invalid_url/.test(problem.code) ? "image" : null);
      if (field === "image") {
        return photoProblem("This photo could not be used. " + sentence(problem.message));
      }
      if (field && showFieldError(field, problem.message)) {
        return "Not run: " + sentence(problem.message);
      }
      return runError(sentence(problem.message));
    }
    const id = problem.requestId ? " (request id " + problem.requestId + ")" : "";
    return runError("The server failed to make this image" + id + ". Trying again may help; "
      + "if not, the server log says why.");
  }

  function runError(text) {
    const el = $("run-error");
    el.textContent = text;
    el.hidden = false;
    return text;
  }

  function setInputError(input, text) {
    if (input.isUrl) {
      state.urlErrors.set(input.value, text);
    } else {
      const file = state.files.find((f) => f.id === input.id);
      if (file) {
        file.error = text;
      }
    }
    renderInputs();
  }

  // ---------------------------------------------------------------- running

  function validate(inputs) {
    let ok = true;
    if (state.authRequired && !keyInput.value.trim()) {
      // Sent without a key, the request could only be refused.
      showKeyError("This server needs an API key: paste it at the top of the page.");
      ok = false;
    }
    if (!checkUrlLines(true)) {
      ok = false;
    } else if (!inputs.length) {
      showFieldError("photos", "Add at least one product photo: drop it above, choose a file or paste its URL.");
      ok = false;
    }
    if (!isCutout() && !promptInput.value.trim()) {
      showFieldError("prompt", "Describe the new background, or pick one of the examples below.");
      ok = false;
    }
    if (!seedRandom.checked && seedInput.value !== "") {
      const seed = Number(seedInput.value);
      if (!Number.isInteger(seed) || seed < 0 || seed > 999999999999999) {
        showFieldError("seed", "The seed is a whole number from 0 to 999999999999999.");
        ok = false;
      }
    }
    return ok;
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (state.running) {
      return;
    }
    clearErrors();
    const inputs = allInputs();
    if (!validate(inputs)) {
      const first = document.querySelector("#key-error:not([hidden]), #run-form .error:not([hidden])");
      if (first) {
        first.scrollIntoView({ block: "center", behavior: "smooth" });
      }
      return;
    }
    state.running = true;
    runButton.disabled = true;
    updateCost();
    $("empty").hidden = true;
    if (matchMedia("(max-width: 52rem)").matches) {
      // On a narrow screen the results are below the form: go where the progress shows.
      $("results-title").scrollIntoView({ behavior: "smooth", block: "start" });
    }
    const queue = inputs.map((input) => ({ input, view: addJobView(input) }));
    const worker = async () => {
      while (queue.length) {
        const { input, view } = queue.shift();
        await runOne(input, view);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
    } finally {
      state.running = false;
      runButton.disabled = false;
      updateCost();
      loadAccount();
    }
  });

  async function runOne(input, view) {
    const body = jobBody(input.value);
    try {
      const results = await runJob(body, view);
      showResults(view, input, results);
    } catch (e) {
      const problem = e instanceof ApiProblem ? e : new ApiProblem(0, null, null);
      view.fail(explain(problem, input));
    }
  }

  /** The native jobs API: submit, then follow the job until it ends. */
  async function runJob(body, view) {
    const submitted = await api("POST", "/v1/jobs", body);
    const id = submitted.json.id;
    view.progress(0, "Waiting in the queue…");
    let delay = POLL_MS;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 1.2, 2000);
      const { json: job } = await api("GET", "/v1/jobs/" + encodeURIComponent(id));
      if (job.status === "succeeded") {
        return job.results || [];
      }
      if (job.status === "failed") {
        const error = job.error || {};
        throw new ApiProblem(STATUS_OF_CODE[error.code] || 500, error, null);
      }
      const progress = typeof job.progress === "number" ? job.progress : 0;
      view.progress(progress, job.status === "queued" ? "Waiting in the queue…"
        : "Working… " + Math.round(progress * 100) + "%");
    }
  }

  // ---------------------------------------------------------------- results

  function addJobView(input) {
    const node = $("result-group").content.firstElementChild.cloneNode(true);
    const thumb = node.querySelector(".job-thumb");
    if (input.src) {
      thumb.addEventListener("error", () => thumb.remove());
      thumb.src = input.src;
    } else {
      thumb.remove();
    }
    node.querySelector(".job-name").textContent = input.name;
    const bar = node.querySelector(".job-progress");
    const status = node.querySelector(".job-status");
    bar.setAttribute("aria-label", "Progress for " + input.name);
    $("gallery").prepend(node);
    const view = {
      node,
      progress(value, text) {
        if (value === null) {
          bar.removeAttribute("value");
        } else {
          bar.value = value;
        }
        status.textContent = text;
      },
      fail(text) {
        node.classList.add("done", "failed");
        status.textContent = "Not done";
        const error = node.querySelector(".job-error");
        error.textContent = text;
        error.hidden = false;
      },
    };
    view.progress(null, "Sending…");
    return view;
  }

  function extensionOf(result, body) {
    if (result.format) {
      return result.format === "jpeg" ? "jpg" : result.format;
    }
    const match = /\.(jpe?g|png|webp)(?:$|\?)/i.exec(result.url || "");
    return match ? match[1].toLowerCase().replace("jpeg", "jpg") : "jpg";
  }

  function baseName(input) {
    const name = input.name.split(/[\\/?#]/).filter(Boolean).pop() || "photo";
    return name.replace(/\.[a-z0-9]+$/i, "").replace(/[^a-z0-9._-]+/gi, "-").slice(0, 60) || "photo";
  }

  function showResults(view, input, results) {
    view.node.classList.add("done");
    view.node.querySelector(".job-status").textContent = results.length === 1 ? "1 image" : results.length + " images";
    const holder = view.node.querySelector(".job-results");
    results.forEach((result, i) => {
      const card = $("result-card").content.firstElementChild.cloneNode(true);
      const after = card.querySelector(".after");
      after.src = result.url;
      after.alt = "Result " + (i + 1) + " for " + input.name;
      const before = card.querySelector(".before");
      if (input.src) {
        before.src = input.src;
      } else {
        card.querySelector(".before-clip").remove();
      }
      const compare = card.querySelector(".compare");
      const slider = card.querySelector(".slider");
      slider.setAttribute("aria-label", "Compare with the original: share of the original shown, in percent");
      const follow = () => {
        compare.style.setProperty("--split", slider.value + "%");
        slider.setAttribute("aria-valuetext", slider.value + "% original, " + (100 - slider.value) + "% new");
      };
      slider.addEventListener("input", follow);
      follow();
      card.querySelector(".seed").textContent = result.seed === null || result.seed === undefined ? "—" : String(result.seed);
      card.querySelector(".reading").textContent = result.prompt_reading || "—";
      const f = result.fidelity;
      card.querySelector(".fidelity").textContent = f
        ? "ΔE " + Number(f.delta_e).toFixed(2) + " · SSIM " + Number(f.ssim).toFixed(3)
        : "not measured";
      const name = baseName(input) + "-" + (i + 1) + (result.seed !== null && result.seed !== undefined ? "-seed" + result.seed : "")
        + "." + extensionOf(result);
      const link = card.querySelector(".download");
      link.href = result.url;
      link.download = name;
      link.setAttribute("aria-label", "Download " + name);
      state.downloads.push({ name, url: result.url });
      holder.append(card);
    });
    zipButton.disabled = state.downloads.length === 0;
  }

  async function bytesOf(url) {
    const attempt = async (u) => {
      const r = await fetch(u, { cache: "force-cache" });
      if (!r.ok) {
        throw new Error("HTTP " + r.status);
      }
      return new Uint8Array(await r.arrayBuffer());
    };
    try {
      return await attempt(url);
    } catch (e) {
      // Result URLs may name another host for this same server (127.0.0.1 vs localhost).
      const parsed = new URL(url, location.href);
      if (parsed.origin !== location.origin && parsed.pathname.startsWith("/files/")) {
        return attempt(parsed.pathname);
      }
      throw e;
    }
  }

  zipButton.addEventListener("click", async () => {
    zipButton.disabled = true;
    const label = zipButton.textContent;
    zipButton.textContent = "Packing…";
    try {
      const used = new Set();
      const entries = [];
      for (const d of state.downloads) {
        let name = d.name;
        for (let n = 2; used.has(name); n++) {
          name = d.name.replace(/(\.[a-z]+)$/, "-" + n + "$1");
        }
        used.add(name);
        entries.push({ name, bytes: await bytesOf(d.url) });
      }
      const blob = StoredZip.build(entries);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = "backdrop-results.zip";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
    } catch (e) {
      runError("The images could not be packed into a zip: " + e.message);
    } finally {
      zipButton.textContent = label;
      zipButton.disabled = state.downloads.length === 0;
    }
  });

  // ---------------------------------------------------------------- copy as curl

  const DEFAULTS = {
    negative_prompt: "", samples: 1, seed: -1, scheduler: "DPM2 Karras", num_inference_steps: 25, guidance_scale: 7.5,
    strength: 1, cn_weight: 0.9, ip_adapter_weight: 0.5, aspect: "original", placement: "keep", shadow: "soft",
    shadow_strength: 0.5, fill: 0.65, padding: 0.1, preserve_product: true,
  };

  function shellQuote(text) {
    return "'" + text.replace(/'/g, "'\\''") + "'";
  }

  /** The request for the current settings, with only the fields that differ from the defaults. */
  function curlText() {
    const inputs = allInputs();
    const first = inputs[0];
    const marker = "@@IMAGE@@";
    const body = jobBody(marker);
    for (const [field, value] of Object.entries(DEFAULTS)) {
      if (body[field] === value) {
        delete body[field];
      }
    }
    if (body.ref_image && body.ref_image.startsWith("data:")) {
      body.ref_image = "@@REF@@";
    }
    const path = "/v1/jobs";
    if (body.kind === "replace") {
      delete body.kind;
    }
    let json = shellQuote(JSON.stringify(body));
    const fileRef = (input, fallbackName) => {
      const name = input && !input.isUrl ? input.name : fallbackName;
      const type = (/^data:([^;,]+)/.exec(input && input.value ? input.value : "") || [])[1] || "image/png";
      return "data:" + type + ";base64,'\"$(base64 -w0 " + shellQuote(name) + ")\"'";
    };
    // Replaced through functions, so no "$" in a name or URL is read as a replacement pattern.
    const image = first && first.isUrl ? first.value.replace(/'/g, "'\\''") : fileRef(first, "photo.png");
    json = json.replace(marker, () => image);
    if (state.ref && body.ref_image === "@@REF@@") {
      const ref = fileRef(state.ref, state.ref.name || "reference.png");
      json = json.replace("@@REF@@", () => ref);
    }
    const auth = state.authRequired ? "  -H \"x-api-key: $BACKDROP_API_KEY\" \\\n" : "";
    const lines = [];
    if (state.authRequired) {
      lines.push("# export BACKDROP_API_KEY=bd_…   (your key)");
    }
    lines.push("curl -sS " + location.origin + path + " \\\n" + auth
      + "  -H 'content-type: application/json' \\\n  -d " + json);
    lines.push("# answers 202 {\"id\": \"job_…\", \"status_url\": …}; follow the job until it has succeeded:");
    lines.push("curl -sS " + (state.authRequired ? "-H \"x-api-key: $BACKDROP_API_KEY\" " : "")
      + location.origin + "/v1/jobs/JOB_ID");
    return lines.join("\n");
  }

  $("curl").addEventListener("click", async () => {
    const text = curlText();
    $("curl-text").textContent = text;
    $("curl-box").hidden = false;
    const status = $("curl-status");
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied to the clipboard. Run it in a terminal next to your photo:";
    } catch (e) {
      const range = document.createRange();
      range.selectNodeContents($("curl-text"));
      const selection = getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      status.textContent = "Selected: press Ctrl+C (⌘C) to copy it.";
    }
  });

  // ---------------------------------------------------------------- start

  keyInput.value = localStorage.getItem(KEY_STORE) || "";
  restoreForm();
  checkUrlLines(true);
  renderInputs();
  loadAccount();
})();
