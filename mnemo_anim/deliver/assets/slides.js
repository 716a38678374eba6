"use strict";
// A deck of clips, one per step. The audience window plays a step and stops on its last frame;
// the presenter window (same file, ?presenter) shows notes and talks to it with postMessage,
// which works between file:// windows where BroadcastChannel and storage events may not.
(() => {
  const deck = JSON.parse(document.getElementById("deck-data").textContent);
  const steps = deck.steps;
  const last = steps.length - 1;
  const $ = (id) => document.getElementById(id);
  const END = 0.001; // seek this far before the end: the last frame, not past it
  const TAG = "mnemo-slides";

  const send = (win, body) => { if (win && !win.closed) win.postMessage({ tag: TAG, ...body }, "*"); };
  const where = (i) => [steps[i].part, steps[i].name].filter(Boolean).join(" · ");

  function audience() {
    const players = [$("va"), $("vb")];
    let shown = 0;         // index into players of the visible one
    let index = 0;         // the step on screen
    let phase = "ready";   // ready (first frame) | playing | done (last frame)
    let token = 0;         // bumped by every navigation, so a slow load cannot win over a newer one
    let presenter = null;

    const current = () => players[shown];

    function report() {
      document.body.dataset.step = String(index + 1);
      document.body.dataset.phase = phase;
      $("where").textContent = where(index);
      $("count").textContent = `${index + 1} / ${steps.length}`;
      $("progress").firstElementChild.style.width = `${(100 * (index + 1)) / steps.length}%`;
      send(presenter, { index, phase });
    }

    function load(video, i) {
      if (video.dataset.step === String(i)) return;
      video.dataset.step = String(i);
      video.poster = steps[i].poster || "";
      video.src = steps[i].clip;
      video.load();
    }

    function reveal(video) {
      for (const other of players) if (other !== video) other.pause();
      video.classList.add("on");
      players.forEach((p, k) => { if (p !== video) p.classList.remove("on"); else shown = k; });
      // Preload what → will ask for next in the player just hidden.
      if (index < last) load(players[1 - shown], index + 1);
    }

    function whenLoaded(video, fn) {
      if (video.readyState >= 2) fn();
      else video.addEventListener("loadeddata", fn, { once: true });
    }

    // Show step i: "play" it from its start, or hold its "start" or "end" frame.
    function show(i, mode) {
      i = Math.max(0, Math.min(last, i));
      const mine = ++token;
      const video = current().dataset.step === String(i) ? current() : players[1 - shown];
      load(video, i);
      const done = () => {
        if (mine !== token) return;
        index = i;
        phase = mode === "play" ? "playing" : mode === "end" ? "done" : "ready";
        reveal(video);
        report();
      };
      whenLoaded(video, () => {
        if (mine !== token) return;
        if (mode === "play") {
          video.currentTime = 0;
          // A browser that refuses sound without a gesture still plays muted clips.
          video.play().then(done, () => { video.muted = true; video.play().then(done, () => hold(video, 0, done)); });
        } else {
          hold(video, mode === "end" ? Math.max(0, video.duration - END) : 0, done);
        }
      });
    }

    function hold(video, time, done) {
      video.pause();
      if (Math.abs(video.currentTime - time) < 1e-4) { done(); return; }
      video.addEventListener("seeked", done, { once: true });
      video.currentTime = time;
    }

    // Like slide software: a click during a build completes it; the next click moves on.
    function next() {
      if (phase === "playing") {
        const video = current();
        const mine = ++token;
        hold(video, Math.max(0, video.duration - END), () => { if (mine === token) { phase = "done"; report(); } });
      } else if (phase === "ready") show(index, "play");
      else if (index < last) show(index + 1, "play");
    }

    // Back shows the previous step as it ended, as slide software shows a slide with its builds
    // done: the presenter returns to a picture to talk over, not to an animation to sit through.
    function back() {
      if (index > 0) show(index - 1, "end");
      else show(0, "start");
    }

    const actions = {
      next, back,
      first: () => show(0, "play"),
      last: () => show(last, "end"),
      fullscreen: () => (document.fullscreenElement ? document.exitFullscreen()
        : document.documentElement.requestFullscreen()).catch(() => {}),
      notes: () => { presenter = window.open(`${location.pathname}?presenter`, "mnemo-presenter", "width=1100,height=700"); },
      sound: () => players.forEach((p) => { p.muted = !p.muted; }),
    };
    const keys = {
      ArrowRight: "next", " ": "next", PageDown: "next", Enter: "next",
      ArrowLeft: "back", PageUp: "back", Backspace: "back",
      Home: "first", End: "last", f: "fullscreen", F: "fullscreen", s: "notes", S: "notes",
      m: "sound", M: "sound",
    };

    players.forEach((video) => {
      video.muted = !deck.sound;
      video.addEventListener("ended", () => {
        if (video === current() && phase === "playing") { phase = "done"; report(); }
      });
    });
    document.addEventListener("keydown", (event) => {
      const action = keys[event.key];
      if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      actions[action]();
    });
    $("deck").addEventListener("click", next);
    window.addEventListener("message", (event) => {
      const body = event.data;
      if (!body || body.tag !== TAG) return;
      presenter = event.source;
      if (body.action && actions[body.action]) actions[body.action]();
      else send(presenter, { index, phase });
    });
    setTimeout(() => $("hint").classList.add("gone"), 4000);
    report();
    show(0, "play");
  }

  function presenterView() {
    $("deck").hidden = true;
    $("presenter").hidden = false;
    document.title = `Notes: ${document.title}`;
    const audienceWindow = window.opener;
    let started = Date.now();
    const tick = () => {
      const s = Math.floor((Date.now() - started) / 1000);
      $("p-timer").textContent = `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
    };
    $("p-timer").addEventListener("click", () => { started = Date.now(); tick(); });
    setInterval(tick, 500);

    function render(index, phase) {
      const step = steps[index];
      document.body.dataset.step = String(index + 1);
      $("p-count").textContent = `Step ${index + 1} / ${steps.length}`;
      $("p-phase").textContent = { ready: "ready", playing: "playing…", done: "at its end" }[phase] || "";
      $("p-part").textContent = step.part || "";
      $("p-name").textContent = step.name;
      $("p-notes").textContent = step.notes || "(no notes)";
      const upcoming = steps[index + 1];
      const preview = $("p-preview");
      $("p-next-name").textContent = upcoming ? where(index + 1) : "End of the deck";
      if (preview.dataset.step === String(index + 1)) return;
      preview.dataset.step = String(index + 1);
      preview.replaceChildren();
      if (!upcoming) return;
      // A paused, preloaded video shows its first frame: the next step's opening picture.
      const still = upcoming.poster ? new Image() : document.createElement("video");
      if (upcoming.poster) { still.src = upcoming.poster; still.alt = upcoming.name; }
      else { still.muted = true; still.preload = "auto"; still.src = upcoming.clip; }
      preview.append(still);
    }

    const keys = { ArrowRight: "next", " ": "next", PageDown: "next", Enter: "next",
      ArrowLeft: "back", PageUp: "back", Home: "first", End: "last" };
    document.addEventListener("keydown", (event) => {
      if (!keys[event.key]) return;
      event.preventDefault();
      send(audienceWindow, { action: keys[event.key] });
    });
    window.addEventListener("message", (event) => {
      const body = event.data;
      if (body && body.tag === TAG && typeof body.index === "number") render(body.index, body.phase);
    });
    render(0, "ready");
    send(audienceWindow, { hello: true });
    tick();
  }

  if (new URLSearchParams(location.search).has("presenter")) presenterView();
  else audience();
})();
