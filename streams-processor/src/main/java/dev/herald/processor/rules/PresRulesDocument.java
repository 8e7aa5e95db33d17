package dev.herald.processor.rules;

import dev.herald.avro.IdentityCondition;
import dev.herald.avro.ManyCondition;
import dev.herald.avro.PresenceRule;
import dev.herald.avro.PresenceRules;
import dev.herald.avro.SubHandling;
import dev.herald.packages.authorization.SubHandlings;
import dev.herald.packages.xml.ParseResult;
import dev.herald.packages.xml.SafeXml;
import dev.herald.schemas.ResourceKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * RFC 5025 pres-rules documents (an RFC 4745 ruleset with the {@code sub-handling} action), to and
 * from {@link PresenceRules}. Only what Herald evaluates is kept: identity conditions and the
 * sub-handling action. A rule is never widened: one whose conditions Herald cannot evaluate is
 * left out, with a warning.
 */
public final class PresRulesDocument {

  public static final String COMMON_POLICY_NS = "urn:ietf:params:xml:ns:common-policy";
  public static final String PRES_RULES_NS = "urn:ietf:params:xml:ns:pres-rules";
  public static final String CONTENT_TYPE = "application/auth-policy+xml";
  public static final String SOURCE = "pres-rules";

  private PresRulesDocument() {}

  /** Parses {@code document} into the rules of {@code presentity}, stamped {@code updatedAtMs}. */
  public static ImportResult parse(byte[] document, String presentity, long updatedAtMs) {
    ParseResult parsed = SafeXml.parse(document);
    if (parsed instanceof ParseResult.Invalid invalid) {
      return new ImportResult.Rejected(invalid.reason());
    }
    Element root = ((ParseResult.Parsed) parsed).document().getDocumentElement();
    if (!is(root, COMMON_POLICY_NS, "ruleset")) {
      return new ImportResult.Rejected("root element must be ruleset in " + COMMON_POLICY_NS + ", was "
          + qualifiedName(root));
    }
    List<String> warnings = new ArrayList<>();
    List<PresenceRule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Element element : children(root)) {
      if (!is(element, COMMON_POLICY_NS, "rule")) {
        warnings.add("ignored " + qualifiedName(element) + " in ruleset");
        continue;
      }
      String id = element.getAttribute("id");
      if (id.isEmpty()) {
        return new ImportResult.Rejected("a rule has no id (RFC 4745 §6)");
      }
      if (!ids.add(id)) {
        return new ImportResult.Rejected("rule id " + id + " is used twice (RFC 4745 §6)");
      }
      try {
        rule(id, element, warnings).ifPresent(rules::add);
      } catch (BadDocument e) {
        return new ImportResult.Rejected("rule " + id + ": " + e.getMessage());
      }
    }
    return new ImportResult.Imported(new PresenceRules(presentity, rules, SOURCE, updatedAtMs), warnings);
  }

  private static Optional<PresenceRule> rule(String id, Element rule, List<String> warnings) {
    Element conditions = null;
    Element actions = null;
    for (Element part : children(rule)) {
      if (is(part, COMMON_POLICY_NS, "conditions")) {
        conditions = part;
      } else if (is(part, COMMON_POLICY_NS, "actions")) {
        actions = part;
      } else if (is(part, COMMON_POLICY_NS, "transformations")) {
        warnings.add("rule " + id + ": transformations ignored; Herald shows allowed watchers the whole document");
      } else {
        warnings.add("rule " + id + ": ignored " + qualifiedName(part));
      }
    }
    SubHandling handling = actions == null ? null : subHandling(id, actions, warnings);
    if (handling == null) {
      // RFC 4745 §10.2: a rule without the action contributes nothing to the combination.
      warnings.add("rule " + id + " left out: it has no sub-handling action, so it grants nothing");
      return Optional.empty();
    }
    IdentityCondition identity = null;
    if (conditions != null) {
      for (Element condition : children(conditions)) {
        if (!is(condition, COMMON_POLICY_NS, "identity")) {
          // RFC 4745 §7: conditions combine with AND; dropping one would widen the rule.
          warnings.add("rule " + id + " left out: Herald does not evaluate its " + qualifiedName(condition)
              + " condition");
          return Optional.empty();
        }
        if (identity != null) {
          warnings.add("rule " + id + " left out: Herald does not evaluate more than one identity condition");
          return Optional.empty();
        }
        identity = identity(id, condition, warnings);
      }
    }
    // RFC 4745 §10.1: a rule without conditions matches every request.
    return Optional.of(new PresenceRule(id, identity, handling));
  }

  private static SubHandling subHandling(String id, Element actions, List<String> warnings) {
    SubHandling handling = null;
    for (Element action : children(actions)) {
      if (!is(action, PRES_RULES_NS, "sub-handling")) {
        warnings.add("rule " + id + ": ignored action " + qualifiedName(action));
        continue;
      }
      if (handling != null) {
        throw new BadDocument("more than one sub-handling action");
      }
      String token = action.getTextContent().strip();
      handling = SubHandlings.parse(token).orElseThrow(() -> new BadDocument(
          "sub-handling '" + token + "' must be one of " + SubHandlings.tokens() + " (RFC 5025 §3.2.1)"));
    }
    return handling;
  }

  /** RFC 4745 §7.1: one and many elements, many with except elements. */
  private static IdentityCondition identity(String id, Element identity, List<String> warnings) {
    List<String> one = new ArrayList<>();
    List<ManyCondition> many = new ArrayList<>();
    for (Element element : children(identity)) {
      if (is(element, COMMON_POLICY_NS, "one")) {
        uri(id, element.getAttribute("id"), warnings).ifPresent(one::add);
      } else if (is(element, COMMON_POLICY_NS, "many")) {
        many.add(many(id, element, warnings));
      } else {
        warnings.add("rule " + id + ": ignored identity " + qualifiedName(element) + "; it matches no watcher");
      }
    }
    if (one.isEmpty() && many.isEmpty()) {
      warnings.add("rule " + id + ": its identity condition matches no watcher");
    }
    return new IdentityCondition(one, many);
  }

  private static ManyCondition many(String id, Element many, List<String> warnings) {
    String domain = many.hasAttribute("domain") ? domain(many.getAttribute("domain")) : null;
    List<String> exceptIds = new ArrayList<>();
    List<String> exceptDomains = new ArrayList<>();
    for (Element except : children(many)) {
      if (!is(except, COMMON_POLICY_NS, "except")) {
        warnings.add("rule " + id + ": ignored " + qualifiedName(except) + " in many");
      } else if (except.hasAttribute("id")) {
        uri(id, except.getAttribute("id"), warnings).ifPresent(exceptIds::add);
      } else if (except.hasAttribute("domain")) {
        exceptDomains.add(domain(except.getAttribute("domain")));
      } else {
        throw new BadDocument("an except element needs an id or a domain (RFC 4745 §7.1.3)");
      }
    }
    return new ManyCondition(domain, exceptIds, exceptDomains);
  }

  private static Optional<String> uri(String id, String raw, List<String> warnings) {
    Optional<String> uri = ResourceKeys.normaliseUri(raw);
    if (uri.isEmpty()) {
      // An id Herald cannot compare never matches a watcher; dropping it keeps the rule as narrow.
      warnings.add("rule " + id + ": id '" + raw + "' is not a sip:, sips: or tel: URI; it matches no watcher");
    }
    return uri;
  }

  private static String domain(String raw) {
    String domain = raw.strip().toLowerCase(Locale.ROOT);
    if (domain.isEmpty()) {
      throw new BadDocument("an empty domain attribute");
    }
    return domain;
  }

  /** The rules as a pres-rules document, UTF-8. */
  public static byte[] toXml(PresenceRules rules) {
    Document doc = SafeXml.newDocument();
    Element ruleset = doc.createElementNS(COMMON_POLICY_NS, "cp:ruleset");
    ruleset.setAttributeNS("http://www.w3.org/2000/xmlns/", "xmlns:pr", PRES_RULES_NS);
    doc.appendChild(ruleset);
    for (PresenceRule rule : rules.getRules()) {
      Element element = append(ruleset, COMMON_POLICY_NS, "cp:rule");
      element.setAttribute("id", rule.getId());
      IdentityCondition identity = rule.getIdentity();
      if (identity != null) {
        Element identityElement = append(append(element, COMMON_POLICY_NS, "cp:conditions"),
            COMMON_POLICY_NS, "cp:identity");
        for (String one : identity.getOne()) {
          append(identityElement, COMMON_POLICY_NS, "cp:one").setAttribute("id", one);
        }
        for (ManyCondition many : identity.getMany()) {
          Element manyElement = append(identityElement, COMMON_POLICY_NS, "cp:many");
          if (many.getDomain() != null) {
            manyElement.setAttribute("domain", many.getDomain());
          }
          for (String except : many.getExceptIds()) {
            append(manyElement, COMMON_POLICY_NS, "cp:except").setAttribute("id", except);
          }
          for (String except : many.getExceptDomains()) {
            append(manyElement, COMMON_POLICY_NS, "cp:except").setAttribute("domain", except);
          }
        }
      }
      append(append(element, COMMON_POLICY_NS, "cp:actions"), PRES_RULES_NS, "pr:sub-handling")
          .setTextContent(SubHandlings.token(rule.getSubHandling()));
    }
    return SafeXml.serialize(doc);
  }

  private static Element append(Element parent, String namespace, String qualifiedName) {
    Element child = parent.getOwnerDocument().createElementNS(namespace, qualifiedName);
    parent.appendChild(child);
    return child;
  }

  private static List<Element> children(Element parent) {
    List<Element> elements = new ArrayList<>();
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node instanceof Element element) {
        elements.add(element);
      }
    }
    return elements;
  }

  private static boolean is(Element element, String namespace, String localName) {
    return namespace.equals(element.getNamespaceURI()) && localName.equals(element.getLocalName());
  }

  private static String qualifiedName(Element element) {
    String namespace = element.getNamespaceURI();
    return (namespace == null ? "" : "{" + namespace + "}") + element.getLocalName();
  }

  /** A document that must be refused as a whole. */
  private static final class BadDocument extends RuntimeException {
    BadDocument(String message) {
      super(message, null, false, false);
    }
  }
}
