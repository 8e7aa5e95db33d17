package dev.herald.edge;

import dev.herald.avro.Binding;
import dev.herald.avro.Flow;
import dev.herald.avro.Header;
import dev.herald.avro.Publish;
import dev.herald.avro.RecipientListEntry;
import dev.herald.avro.Registration;
import dev.herald.avro.RequestEvent;
import dev.herald.avro.Subscribe;
import dev.herald.packages.rls.ListParse;
import dev.herald.packages.rls.ResourceListDocument;
import dev.herald.packages.spi.EventDescriptor;
import dev.herald.packages.spi.Expiries;
import dev.herald.packages.spi.Refusals;
import dev.herald.schemas.ResourceKeys;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sip.address.URI;
import javax.sip.header.AcceptEncodingHeader;
import javax.sip.header.AcceptHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ContentEncodingHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.EventHeader;
import javax.sip.header.ExpiresHeader;
import javax.sip.header.FromHeader;
import javax.sip.header.MaxForwardsHeader;
import javax.sip.header.OptionTag;
import javax.sip.header.RecordRouteHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.SIPIfMatchHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.header.ToHeader;
import javax.sip.header.UserAgentHeader;
import javax.sip.header.ViaHeader;
import javax.sip.message.Request;

/**
 * Checks what the edge can check alone and turns SUBSCRIBE, PUBLISH and REGISTER into
 * request events. Pure: no I/O, time passed in.
 */
final class RequestMapper {

  /** The option tag of resource lists (RFC 4662 §4.1). */
  static final String EVENTLIST = "eventlist";
  /** What a resource list NOTIFY's body is (RFC 4662 §4.3). */
  private static final Set<String> LIST_BODY_TYPES = Set.of("multipart/related", "application/rlmi+xml");
  /** The option tag of a SUBSCRIBE that carries its own list (RFC 5367 §3). */
  static final String RECIPIENT_LIST_SUBSCRIBE = "recipient-list-subscribe";

  /**
   * Where a request came from (the packet's or connection's source, RFC 3581 §4) and on which of
   * the edge's sockets: the flow a NOTIFY may have to reuse.
   */
  record Source(String transport, String host, int port, String localHost, int localPort) {
    Source(String transport, String host, int port) {
      this(transport, host, port, "", 0);
    }
  }

  private final EdgeConfig config;
  private final Map<String, EventDescriptor> packages;
  private final String allowEvents;

  RequestMapper(EdgeConfig config) {
    this.config = config;
    this.packages = config.packagesByName();
    // RFC 6665 §8.2.2: Allow-Events lists event types; "dialog;sla" is the dialog type with a parameter.
    this.allowEvents = config.packages().stream().map(p -> p.name().split(";", 2)[0]).distinct()
        .collect(Collectors.joining(", "));
  }

  String allowEvents() {
    return allowEvents;
  }

  Intake map(Request request, Source source, long nowMs) {
    MaxForwardsHeader maxForwards = (MaxForwardsHeader) request.getHeader(MaxForwardsHeader.NAME);
    if (maxForwards != null && maxForwards.getMaxForwards() == 0) {
      return Intake.Reject.of(483, "Too Many Hops");
    }
    if (!isSupportedScheme(request.getRequestURI())) {
      return Intake.Reject.of(416, "Unsupported URI Scheme");
    }
    byte[] body = request.getRawContent();
    if (body != null && body.length > config.maxBodyBytes()) {
      return Intake.Reject.of(413, "Request Entity Too Large");
    }
    return switch (request.getMethod()) {
      case Request.SUBSCRIBE -> subscribe(request, source, nowMs);
      case Request.PUBLISH -> publish(request, source, nowMs);
      case Request.REGISTER -> register(request, source, nowMs);
      default -> Intake.Reject.of(405, "Method Not Allowed");
    };
  }

  private Intake subscribe(Request request, Source source, long nowMs) {
    EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
    Optional<EventDescriptor> pkg = packageOf(event);
    if (pkg.isEmpty()) {
      // RFC 6665 §4.2.1.1: an unknown or missing package gets 489 with Allow-Events.
      return badEvent();
    }
    List<String> accept = headerValues(request, AcceptHeader.NAME, h -> {
      AcceptHeader a = (AcceptHeader) h;
      return a.getContentType() == null ? "*/*" : a.getContentType() + "/" + a.getContentSubType();
    });
    // RFC 4662 §4.3: a list subscriber accepts the list's body types, whatever else it names.
    boolean eventlist = namesEventlist(request);
    if (!accept.isEmpty() && accept.stream().noneMatch(type -> pkg.get().accepts(type)
        || eventlist && LIST_BODY_TYPES.contains(type.toLowerCase(Locale.ROOT)))) {
      // RFC 6665 §4.2.1.1 / RFC 3261 §21.4.7
      return Intake.Reject.of(406, "Not Acceptable", AcceptHeader.NAME, String.join(", ", pkg.get().contentTypes()));
    }
    Optional<Intake.Reject> badExpires = checkExpires(request, pkg.get().subscribe());
    if (badExpires.isPresent()) {
      return badExpires.get();
    }
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    if (contact == null) {
      // RFC 6665 §3.1.1: SUBSCRIBE carries a Contact, the remote target of the dialog.
      return Intake.Reject.of(400, "Missing Contact");
    }
    FromHeader from = (FromHeader) request.getHeader(FromHeader.NAME);
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    Optional<String> resourceUri = ResourceKeys.normaliseUri(to.getAddress().getURI().toString());
    if (resourceUri.isEmpty()) {
      return Intake.Reject.of(416, "Unsupported URI Scheme");
    }
    RecipientList list = to.getTag() == null && requires(request, RECIPIENT_LIST_SUBSCRIBE)
        ? recipientList(request) : RecipientList.NONE;
    if (list.refused() != null) {
      return list.refused();
    }
    List<String> routeSet = headerValues(request, RecordRouteHeader.NAME,
        h -> ((RecordRouteHeader) h).getAddress().toString());
    Subscribe subscribe = Subscribe.newBuilder()
        .setEvent(pkg.get().name())
        .setEventId(event.getEventId())
        .setCallId(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId())
        .setFromUri(from.getAddress().getURI().toString())
        .setFromTag(from.getTag() == null ? "" : from.getTag())
        .setToUri(to.getAddress().getURI().toString())
        .setToTag(to.getTag())
        .setCseq(((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber())
        .setContact(contact.getAddress().getURI().toString())
        .setRouteSet(routeSet)
        .setAccept(accept)
        .setExpires(expiresOf(request))
        .setTransport(source.transport())
        .setSourceHost(source.host())
        .setSourcePort(source.port())
        .setUserAgent(userAgent(request))
        .setExtraHeaders(stateHeaders(request, pkg.get()))
        // RFC 5626 §5.4: ";ob" in the Contact of a dialog-forming request asks for the flow only.
        .setFlow(flow(request, source, contact.getAddress().getURI() instanceof javax.sip.address.SipURI sip
            && sip.getParameter("ob") != null))
        .setEventlist(eventlist)
        .setRecipientList(list.entries())
        .build();
    return forward(request, ResourceKeys.of(pkg.get().resourcePackage(), resourceUri.get()), subscribe, nowMs);
  }

  /**
   * The list of an initial SUBSCRIBE that requires recipient-list-subscribe: an RFC 4826 document
   * (RFC 5367 §4, its default format; inline lists flattened, as §4 lets a server discard the
   * hierarchy). A refresh inside the dialog is not read here: RFC 5367 §5.1 gives a list in it no
   * meaning (Linphone's refreshes repeat the Require, without a body); one there is ignored, not
   * refused with 415.
   */
  private RecipientList recipientList(Request request) {
    byte[] body = request.getRawContent();
    if (body == null || body.length == 0) {
      return RecipientList.refused(Intake.Reject.of(400, "Missing Resource List"));
    }
    if (!ResourceListDocument.CONTENT_TYPE.equals(contentTypeOf(request))) {
      // RFC 3261 §21.4.13; RFC 5367 §4: resource-lists is the format every list server takes.
      return RecipientList.refused(
          Intake.Reject.of(415, "Unsupported Media Type", AcceptHeader.NAME, ResourceListDocument.CONTENT_TYPE));
    }
    ContentEncodingHeader encoding = (ContentEncodingHeader) request.getHeader(ContentEncodingHeader.NAME);
    String coding = encoding == null ? "identity" : encoding.getEncoding().strip().toLowerCase(Locale.ROOT);
    if (coding.equals("deflate")) {
      // Linphone deflates the list it sends (and says Accept-Encoding: deflate).
      Optional<byte[]> inflated = Inflated.of(body, config.maxBodyBytes());
      if (inflated.isEmpty()) {
        return RecipientList.refused(Intake.Reject.of(400, "Malformed Resource List"));
      }
      body = inflated.get();
      if (body.length > config.maxBodyBytes()) {
        return RecipientList.refused(Intake.Reject.of(413, "Request Entity Too Large"));
      }
    } else if (!coding.equals("identity")) {
      // RFC 3261 §21.4.13: an encoding the server does not understand gets 415 naming those it does.
      return RecipientList.refused(new Intake.Reject(415, "Unsupported Media Type", List.of(
          new Header(AcceptHeader.NAME, ResourceListDocument.CONTENT_TYPE),
          new Header(AcceptEncodingHeader.NAME, "deflate"))));
    }
    if (!(ResourceListDocument.parse(body) instanceof ListParse.Parsed parsed)) {
      return RecipientList.refused(Intake.Reject.of(400, "Malformed Resource List"));
    }
    if (parsed.entries().isEmpty()) {
      return RecipientList.refused(Intake.Reject.of(400, "Empty Resource List"));
    }
    if (parsed.entries().size() > config.maxListMembers()) {
      return RecipientList.refused(Intake.Reject.of(413, "Too Many Resources in the List"));
    }
    return new RecipientList(parsed.entries().stream()
        .map(member -> new RecipientListEntry(member.uri(), member.displayName())).toList(), null);
  }

  /** The resources of a SUBSCRIBE's own list, none when it carries none, or why it is refused. */
  private record RecipientList(List<RecipientListEntry> entries, Intake.Reject refused) {
    static final RecipientList NONE = new RecipientList(null, null);

    static RecipientList refused(Intake.Reject reject) {
      return new RecipientList(null, reject);
    }
  }

  private Intake publish(Request request, Source source, long nowMs) {
    EventHeader event = (EventHeader) request.getHeader(EventHeader.NAME);
    Optional<EventDescriptor> pkg = packageOf(event).filter(EventDescriptor::publishable);
    if (pkg.isEmpty()) {
      // RFC 3903 §6 step 2
      return badEvent();
    }
    byte[] body = request.getRawContent();
    boolean hasBody = body != null && body.length > 0;
    SIPIfMatchHeader ifMatch = (SIPIfMatchHeader) request.getHeader(SIPIfMatchHeader.NAME);
    if (!hasBody && ifMatch == null && pkg.get().publishNeedsBody()) {
      return Intake.Reject.of(Refusals.INITIAL_PUBLISH_NEEDS_BODY.status(), Refusals.INITIAL_PUBLISH_NEEDS_BODY.reason());
    }
    String contentType = null;
    if (hasBody) {
      contentType = contentTypeOf(request);
      if (contentType == null || !pkg.get().contentTypes().contains(contentType)) {
        // RFC 3903 §6 step 5 / RFC 3261 §21.4.13
        return Intake.Reject.of(415, "Unsupported Media Type", AcceptHeader.NAME,
            String.join(", ", pkg.get().contentTypes()));
      }
    }
    Optional<Intake.Reject> badExpires = checkExpires(request, pkg.get().publish());
    if (badExpires.isPresent()) {
      return badExpires.get();
    }
    Optional<String> resourceUri = ResourceKeys.normaliseUri(request.getRequestURI().toString());
    if (resourceUri.isEmpty()) {
      return Intake.Reject.of(416, "Unsupported URI Scheme");
    }
    Publish publish = Publish.newBuilder()
        .setEvent(pkg.get().name())
        .setIfMatch(ifMatch == null ? null : ifMatch.getETag())
        .setExpires(expiresOf(request))
        .setContentType(contentType)
        .setBody(hasBody ? ByteBuffer.wrap(body) : null)
        .setCallId(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId())
        .setFromUri(((FromHeader) request.getHeader(FromHeader.NAME)).getAddress().getURI().toString())
        .setExtraHeaders(stateHeaders(request, pkg.get()))
        .setUserAgent(userAgent(request))
        .setSender(senderOf(request, source))
        .build();
    return forward(request, ResourceKeys.of(pkg.get().resourcePackage(), resourceUri.get()), publish, nowMs);
  }

  private Intake register(Request request, Source source, long nowMs) {
    ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
    Optional<String> aor = ResourceKeys.normaliseUri(to.getAddress().getURI().toString());
    if (aor.isEmpty()) {
      return Intake.Reject.of(416, "Unsupported URI Scheme");
    }
    Integer expires = expiresOf(request);
    List<Binding> bindings = new ArrayList<>();
    boolean removeAll = false;
    Iterator<?> contacts = request.getHeaders(ContactHeader.NAME);
    while (contacts.hasNext()) {
      ContactHeader contact = (ContactHeader) contacts.next();
      if (contact.isWildCard()) {
        // RFC 3261 §10.3 step 6: "*" only with Expires: 0 and as the only Contact.
        if (expires == null || expires != 0 || contacts.hasNext() || !bindings.isEmpty()) {
          return Intake.Reject.of(400, "Invalid Wildcard Contact");
        }
        removeAll = true;
        continue;
      }
      int contactExpires = contact.getExpires();
      String instance = contact.getParameter("+sip.instance");
      String regId = contact.getParameter("reg-id");
      Integer parsedRegId = null;
      if (regId != null) {
        try {
          parsedRegId = Integer.valueOf(regId);
        } catch (NumberFormatException e) {
          return Intake.Reject.of(400, "Invalid reg-id");
        }
      }
      bindings.add(Binding.newBuilder()
          .setContact(contact.getAddress().getURI().toString())
          .setExpires(contactExpires >= 0 ? contactExpires : expires == null ? -1 : expires)
          .setQ(contact.getQValue() >= 0 ? Float.toString(contact.getQValue()) : null)
          .setInstanceId(instance)
          .setRegId(parsedRegId)
          .build());
    }
    Registration registration = Registration.newBuilder()
        .setAor(aor.get())
        .setCallId(((CallIdHeader) request.getHeader(CallIdHeader.NAME)).getCallId())
        .setCseq(((CSeqHeader) request.getHeader(CSeqHeader.NAME)).getSeqNumber())
        .setBindings(bindings)
        .setExpires(expires)
        .setRemoveAll(removeAll)
        .setSource("edge")
        .setUserAgent(userAgent(request))
        // RFC 5626 §4.2: a Contact with reg-id registers a flow of an outbound client.
        .setFlow(flow(request, source, bindings.stream().anyMatch(b -> b.getRegId() != null)))
        .build();
    return forward(request, "presence|" + aor.get(), registration, nowMs);
  }

  private Intake forward(Request request, String resource, Object payload, long nowMs) {
    return new Intake.Forward(RequestEvent.newBuilder()
        .setRequestId(RequestIds.of(request))
        .setResource(resource)
        .setEdgeId(config.edgeId())
        .setReplyPartition(config.replyPartition())
        .setReceivedAtMs(nowMs)
        .setPayload(payload)
        .build());
  }

  /**
   * The flow of {@code request}: this edge and socket, the source as received, and whether a NAT
   * sits between (RFC 3581 §4: the source differs from the top Via's sent-by; a sent-by that is a
   * name counts as different, since the edge resolves no names to compare).
   */
  private Flow flow(Request request, Source source, boolean outbound) {
    ViaHeader via = (ViaHeader) request.getHeader(ViaHeader.NAME);
    boolean natted = true;
    if (via != null && via.getHost() != null) {
      int defaultPort = "tls".equalsIgnoreCase(via.getTransport()) ? 5061 : 5060;
      int sentByPort = via.getPort() > 0 ? via.getPort() : defaultPort;
      natted = !(sameAddress(via.getHost(), source.host()) && sentByPort == source.port());
    }
    return Flow.newBuilder()
        .setEdgeId(config.edgeId())
        .setEdgeInstance(config.replyPartition())
        .setTransport(source.transport())
        .setLocalHost(source.localHost())
        .setLocalPort(source.localPort())
        .setRemoteHost(source.host())
        .setRemotePort(source.port())
        .setNatted(natted)
        .setOutbound(outbound)
        .build();
  }

  private static boolean sameAddress(String sentBy, String source) {
    String host = sentBy.startsWith("[") && sentBy.endsWith("]") ? sentBy.substring(1, sentBy.length() - 1) : sentBy;
    if (host.equalsIgnoreCase(source)) {
      return true;
    }
    if (host.indexOf(':') < 0 || source.indexOf(':') < 0) {
      // IPv4 has one spelling; anything else (a name) is not compared, so nothing is looked up.
      return false;
    }
    try {
      // IPv6 has several spellings of one address. In brackets InetAddress parses a literal or
      // fails: it never asks DNS about a string a client wrote.
      return java.net.InetAddress.getByName("[" + host + "]").equals(java.net.InetAddress.getByName("[" + source + "]"));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** Where a PUBLISH came from, for publisher exclusion: its Contact's host:port, else its source address. */
  private static String senderOf(Request request, Source source) {
    ContactHeader contact = (ContactHeader) request.getHeader(ContactHeader.NAME);
    if (contact != null && contact.getAddress().getURI() instanceof javax.sip.address.SipURI sip) {
      return sip.getHost() + ":" + (sip.getPort() > 0 ? sip.getPort() : 5060);
    }
    return source.host() + ":" + source.port();
  }

  private Optional<EventDescriptor> packageOf(EventHeader event) {
    if (event == null || event.getEventType() == null) {
      return Optional.empty();
    }
    if (event.getParameter("sla") != null || hasFlag(event, "sla")) {
      // Kamailio and OpenSIPS take "dialog;sla" (bridged line appearances) as a package of its own.
      return Optional.ofNullable(packages.get(event.getEventType().toLowerCase(Locale.ROOT) + ";sla"));
    }
    return Optional.ofNullable(packages.get(event.getEventType().toLowerCase(Locale.ROOT)));
  }

  private static boolean hasFlag(EventHeader event, String name) {
    Iterator<?> names = event.getParameterNames();
    while (names.hasNext()) {
      if (name.equalsIgnoreCase((String) names.next())) {
        return true;
      }
    }
    return false;
  }

  private Intake.Reject badEvent() {
    return Intake.Reject.of(489, "Bad Event", "Allow-Events", allowEvents);
  }

  private Optional<Intake.Reject> checkExpires(Request request, Expiries.Bounds bounds) {
    Integer expires = expiresOf(request);
    if (expires != null && expires > 0 && expires < bounds.min()) {
      // RFC 6665 §4.2.1.1, RFC 3903 §6 step 3: too brief, with Min-Expires.
      return Optional.of(Intake.Reject.of(423, "Interval Too Brief", "Min-Expires", Integer.toString(bounds.min())));
    }
    return Optional.empty();
  }

  private static Integer expiresOf(Request request) {
    ExpiresHeader expires = (ExpiresHeader) request.getHeader(ExpiresHeader.NAME);
    return expires == null ? null : expires.getExpires();
  }

  private static String userAgent(Request request) {
    UserAgentHeader userAgent = (UserAgentHeader) request.getHeader(UserAgentHeader.NAME);
    if (userAgent == null) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    userAgent.getProduct().forEachRemaining(token -> text.append(text.length() == 0 ? "" : " ").append(token));
    return text.toString();
  }

  /** The headers that carry the package's state (call-info's Call-Info), as they came. */
  private static List<Header> stateHeaders(Request request, EventDescriptor pkg) {
    List<Header> headers = new ArrayList<>();
    for (String name : pkg.stateHeaders()) {
      headerValues(request, name, h -> {
        String text = h.toString();
        return text.substring(text.indexOf(':') + 1).strip();
      }).forEach(value -> headers.add(new Header(name, value)));
    }
    return headers;
  }

  private static List<String> headerValues(Request request, String name, java.util.function.Function<Object, String> value) {
    List<String> values = new ArrayList<>();
    request.getHeaders(name).forEachRemaining(h -> values.add(value.apply(h)));
    return values;
  }

  /** The body's media type in lower case, without parameters; null without Content-Type. */
  private static String contentTypeOf(Request request) {
    ContentTypeHeader type = (ContentTypeHeader) request.getHeader(ContentTypeHeader.NAME);
    return type == null ? null : (type.getContentType() + "/" + type.getContentSubType()).toLowerCase(Locale.ROOT);
  }

  private static boolean requires(Request request, String optionTag) {
    return headerValues(request, RequireHeader.NAME, h -> ((OptionTag) h).getOptionTag()).stream()
        .anyMatch(optionTag::equalsIgnoreCase);
  }

  /** Whether the subscriber takes resource list NOTIFYs (RFC 4662 §4.1: Supported, or Require, names eventlist). */
  private static boolean namesEventlist(Request request) {
    return Stream.of(SupportedHeader.NAME, RequireHeader.NAME)
        .flatMap(name -> headerValues(request, name, h -> ((OptionTag) h).getOptionTag()).stream())
        .anyMatch(EVENTLIST::equalsIgnoreCase);
  }

  static boolean isSupportedScheme(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("sip") || scheme.equals("sips") || scheme.equals("tel");
  }
}
