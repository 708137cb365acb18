// The web console's only script: the browser's time zone on the login form, drag and drop of the list file,
// and a confirmation before buttons that move money. Every page works without it.
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState !== 'loading') { fn(); } else { document.addEventListener('DOMContentLoaded', fn); }
  }

  ready(function () {
    var zone = document.getElementById('timeZone');
    if (zone && window.Intl && Intl.DateTimeFormat) {
      zone.value = Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    }

    var drop = document.getElementById('dropzone');
    var input = document.getElementById('file');
    var chosen = document.getElementById('chosen');
    if (drop && input) {
      var show = function () {
        chosen.textContent = input.files && input.files.length ? 'Chosen: ' + input.files[0].name : '';
      };
      input.addEventListener('change', show);
      ['dragenter', 'dragover'].forEach(function (type) {
        drop.addEventListener(type, function (event) {
          event.preventDefault();
          drop.classList.add('over');
        });
      });
      ['dragleave', 'drop'].forEach(function (type) {
        drop.addEventListener(type, function () { drop.classList.remove('over'); });
      });
      drop.addEventListener('drop', function (event) {
        event.preventDefault();
        if (event.dataTransfer && event.dataTransfer.files.length) {
          input.files = event.dataTransfer.files;
          show();
        }
      });
    }

    document.querySelectorAll('[data-confirm]').forEach(function (button) {
      button.addEventListener('click', function (event) {
        if (!window.confirm(button.getAttribute('data-confirm'))) {
          event.preventDefault();
        }
      });
    });
  });
}());
