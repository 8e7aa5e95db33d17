// A browser phone as JsSIP users write one: it connects over WebSocket, subscribes to one
// presentity's presence and shows what each NOTIFY says. Settings come in the query string:
// ws (the WebSocket URL), uri (the phone's AOR), target (the presentity).
(function () {
  const params = new URLSearchParams(window.location.search);
  const show = (id, text) => { document.getElementById(id).textContent = text; };
  const target = params.get('target');
  show('target', target);

  const ua = new JsSIP.UA({
    sockets: [new JsSIP.WebSocketInterface(params.get('ws'))],
    uri: params.get('uri'),
    register: false
  });
  ua.on('connected', () => show('transport', 'connected'));
  ua.on('disconnected', () => show('transport', 'disconnected'));

  let notifies = 0;
  ua.on('connected', function subscribeOnce() {
    ua.removeListener('connected', subscribeOnce);
    const subscriber = ua.subscribe(target, 'presence', 'application/pidf+xml',
      { expires: 600, contentType: 'application/pidf+xml' });
    subscriber.on('accepted', () => show('subscription', 'accepted'));
    subscriber.on('active', () => show('subscription', 'active'));
    subscriber.on('terminated', (code, reason) => show('subscription', 'terminated ' + (reason || code)));
    subscriber.on('notify', (isFinal, request, body) => {
      notifies += 1;
      show('notifies', String(notifies));
      if (!body) {
        return;
      }
      const doc = new DOMParser().parseFromString(body, 'application/xml');
      const basic = doc.getElementsByTagNameNS('urn:ietf:params:xml:ns:pidf', 'basic')[0];
      const note = doc.getElementsByTagNameNS('urn:ietf:params:xml:ns:pidf', 'note')[0];
      show('presence', basic ? basic.textContent : 'unknown');
      show('note', note ? '(' + note.textContent + ')' : '');
    });
    subscriber.subscribe();
  });
  ua.start();
}());
