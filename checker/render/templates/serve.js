// `fazhi serve`: the upload page's script, served as a file of its own (the page's
// Content-Security-Policy allows no inline script). The form itself works without it.
(function () {
  "use strict";
  var token = document.querySelector("input[name=csrf]").value;

  // Drag and drop onto the label fills the file input.
  var drop = document.getElementById("drop"), input = document.getElementById("reports");
  var chosen = document.getElementById("chosen");
  function showChosen() {
    var names = Array.prototype.map.call(input.files, function (f) { return f.name; });
    chosen.textContent = names.length ? "已选择：" + names.join("、") : "";
  }
  input.addEventListener("change", showChosen);
  ["dragenter", "dragover"].forEach(function (type) {
    drop.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) {
    e.preventDefault();
    input.files = e.dataTransfer.files;
    showChosen();
  });
  drop.addEventListener("keydown", function (e) {
    if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
  });

  // While the form is sent, say so (when it has to wait for a free grading, the answer itself
  // says so as it comes: its place in the line, then the result).
  var progress = document.getElementById("progress"), submit = document.getElementById("submit");
  document.getElementById("upload").addEventListener("submit", function () {
    progress.textContent = "正在上传并核查，请稍候……";
    submit.disabled = true;
    setTimeout(function () { submit.disabled = false; }, 3000);
  });

  // Pasted text is graded as it is typed: a moment after each pause, the result of /live
  // replaces the section under the form (an answer to older text is dropped).
  var text = document.getElementById("text"), list = document.getElementById("checklist");
  var live = document.getElementById("live"), line = document.getElementById("live-line");
  var timer = null, asking = null;
  function show(html) {
    live.innerHTML = html;
    var summary = live.querySelector("[data-summary]");  // the score, repeated under the text box
    line.textContent = summary ? "即时核查：" + summary.textContent + "（详见下方）" : "";
  }
  function ask() {
    if (asking) { asking.abort(); }
    if (!text.value.trim()) { show(""); return; }
    asking = new AbortController();
    var body = new FormData();
    body.append("csrf", token);
    body.append("text", text.value);
    body.append("checklist", list.value);
    fetch("live", { method: "POST", body: body, signal: asking.signal, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(show)
      .catch(function () {});
  }
  function soon() { clearTimeout(timer); timer = setTimeout(ask, 300); }
  text.addEventListener("input", soon);
  list.addEventListener("change", soon);
})();
