// Padauk's proof-of-work solver: loaded only on the page of a campaign whose organisers turned
// proof of work on, and nowhere else. Plain JavaScript, no framework, no third party.
//
// It fetches an ALTCHA challenge from the form's data-pow URL, finds the number n for which
// SHA-256(salt + n) is the challenge, and puts the answer in the form's hidden "altcha" field.
// Without JavaScript (or if this fails) the form still posts: the signature joins the slower
// queue the server keeps for browsers that cannot compute.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow]");
  if (!form || !window.crypto || !window.crypto.subtle || !window.fetch || !window.TextEncoder) return;
  var field = form.querySelector('input[name="altcha"]');
  var status = form.querySelector("[data-pow-status]");
  var button = form.querySelector('button[type="submit"]');
  var encoder = new TextEncoder();

  function say(state) {
    if (!status) return;
    status.textContent = status.getAttribute("data-" + state) || "";
    status.hidden = false;
  }

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  async function solve(challenge) {
    for (var n = 0; n <= challenge.maxnumber; n++) {
      var digest = await crypto.subtle.digest("SHA-256", encoder.encode(challenge.salt + n));
      if (hex(digest) === challenge.challenge) return n;
    }
    return null;
  }

  async function run() {
    say("solving");
    if (button) button.disabled = true;
    try {
      var response = await fetch(form.getAttribute("data-pow"), { cache: "no-store", credentials: "same-origin" });
      var challenge = await response.json();
      var number = await solve(challenge);
      if (number === null) throw new Error("no solution");
      field.value = btoa(
        JSON.stringify({
          algorithm: challenge.algorithm,
          challenge: challenge.challenge,
          number: number,
          salt: challenge.salt,
          signature: challenge.signature,
        }),
      );
      say("solved");
    } catch (error) {
      say("failed");
    } finally {
      if (button) button.disabled = false;
    }
  }

  if (field) run();
})();
