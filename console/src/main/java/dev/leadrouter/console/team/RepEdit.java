package dev.leadrouter.console.team;

import com.google.protobuf.FieldMask;
import dev.leadrouter.v1.Capacity;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.UpdateRepRequest;
import dev.leadrouter.v1.WorkingHours;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Team page's edit form for one rep: caps, time zone, working hours, skills, languages and
 * products, as typed. A submitted form becomes one UpdateRep naming only the fields that changed,
 * so the service applies all of it or nothing, and a concurrent change to another field (someone
 * marking the rep out of office meanwhile) is not overwritten. Problems are kept per form field:
 * the console's own (not a number, a line it cannot read) and the service's field violations,
 * traced back from their request path to the field that produced them.
 */
public final class RepEdit {
  public static final String MAX_OPEN = "max_open_leads";
  public static final String MAX_PER_DAY = "max_leads_per_day";
  public static final String TIME_ZONE = "time_zone";
  public static final String HOURS_ZONE = "hours_time_zone";
  public static final String HOURS = "working_hours";
  public static final String SKILLS = "skills";
  public static final String LANGUAGES = "languages";
  public static final String PRODUCTS = "products";

  /** One form field as the template draws it. */
  public record Field(
      String name, String label, String kind, String hint, String value, List<String> problems) {}

  private static final List<String[]> FIELDS =
      List.of(
          new String[] {MAX_OPEN, "Max open leads", "number", "0 = no cap"},
          new String[] {MAX_PER_DAY, "Max new leads a day", "number", "0 = no cap"},
          new String[] {TIME_ZONE, "Time zone", "zone", "IANA name, e.g. America/New_York"},
          new String[] {HOURS, "Working hours", "lines", "one line each, e.g. Mon-Fri 09:00-17:00"},
          new String[] {HOURS_ZONE, "Hours' time zone", "zone", "empty = the rep's time zone"},
          new String[] {SKILLS, "Skills", "text", "comma separated, lower_snake_case"},
          new String[] {LANGUAGES, "Languages", "text", "comma separated, e.g. en, de"},
          new String[] {PRODUCTS, "Products", "text", "comma separated product keys"});
  private static final Pattern WINDOW_PATH =
      Pattern.compile("^rep\\.working_hours\\.windows\\[(\\d+)](\\..*)?$");
  private static final Pattern SKILL = Pattern.compile("^[a-z0-9]+(_[a-z0-9]+)*$");
  private static final Pattern LANGUAGE = Pattern.compile("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$");
  private static final int MAX_TAGS = 50;
  private static final int MAX_TAG_LENGTH = 64;

  private final Rep stored;
  private final Map<String, String> values;
  private final Map<String, List<String>> problems = new LinkedHashMap<>();
  private final List<String> general = new ArrayList<>();
  private List<Integer> lineOfWindow = List.of();
  private Rep.Builder patch;
  private FieldMask.Builder mask;

  private RepEdit(Rep stored, Map<String, String> values) {
    this.stored = stored;
    this.values = values;
  }

  /** The form filled with the rep as stored. */
  public static RepEdit of(Rep stored) {
    return new RepEdit(stored, valuesOf(stored));
  }

  /** The form as submitted, read against the rep as stored now. */
  public static RepEdit submitted(Rep stored, Function<String, String> form) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String[] f : FIELDS) {
      String v = form.apply(f[0]);
      values.put(f[0], v == null ? "" : v.strip());
    }
    RepEdit edit = new RepEdit(stored, values);
    edit.read();
    return edit;
  }

  private static Map<String, String> valuesOf(Rep rep) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put(MAX_OPEN, Integer.toString(rep.getCapacity().getMaxOpenLeads()));
    v.put(MAX_PER_DAY, Integer.toString(rep.getCapacity().getMaxLeadsPerDay()));
    v.put(TIME_ZONE, rep.getTimeZone());
    v.put(HOURS, WorkingHoursLines.format(rep.getWorkingHours()));
    v.put(HOURS_ZONE, rep.getWorkingHours().getTimeZone());
    v.put(SKILLS, String.join(", ", rep.getSkillsList()));
    v.put(LANGUAGES, String.join(", ", rep.getLanguagesList()));
    v.put(PRODUCTS, String.join(", ", rep.getProductsList()));
    return v;
  }

  private void read() {
    patch = Rep.newBuilder().setRepId(stored.getRepId());
    mask = FieldMask.newBuilder();
    Capacity.Builder caps = Capacity.newBuilder();
    Integer maxOpen = whole(MAX_OPEN);
    if (maxOpen != null && maxOpen != stored.getCapacity().getMaxOpenLeads()) {
      caps.setMaxOpenLeads(maxOpen);
      mask.addPaths("capacity." + MAX_OPEN);
    }
    Integer perDay = whole(MAX_PER_DAY);
    if (perDay != null && perDay != stored.getCapacity().getMaxLeadsPerDay()) {
      caps.setMaxLeadsPerDay(perDay);
      mask.addPaths("capacity." + MAX_PER_DAY);
    }
    patch.setCapacity(caps);
    if (!values.get(TIME_ZONE).equals(stored.getTimeZone())) {
      patch.setTimeZone(values.get(TIME_ZONE));
      mask.addPaths(TIME_ZONE);
    }
    readHours();
    List<String> skills = tags(SKILLS, SKILL, "lower_snake_case, like enterprise_deals");
    if (skills != null && !skills.equals(stored.getSkillsList())) {
      patch.addAllSkills(skills);
      mask.addPaths(SKILLS);
    }
    List<String> languages = tags(LANGUAGES, LANGUAGE, "a language tag like en or pt-BR");
    if (languages != null && !languages.equals(stored.getLanguagesList())) {
      patch.addAllLanguages(languages);
      mask.addPaths(LANGUAGES);
    }
    List<String> products = tags(PRODUCTS, null, null);
    if (products != null && !products.equals(stored.getProductsList())) {
      patch.addAllProducts(products);
      mask.addPaths(PRODUCTS);
    }
  }

  private void readHours() {
    WorkingHoursLines.Parsed parsed = WorkingHoursLines.parse(values.get(HOURS));
    parsed.problems().forEach((line, why) -> problem(HOURS, "line " + line + ": " + why));
    if (!parsed.problems().isEmpty()) {
      return;
    }
    lineOfWindow = parsed.lineOfWindow();
    WorkingHours hours =
        WorkingHours.newBuilder()
            .setTimeZone(values.get(HOURS_ZONE))
            .addAllWindows(parsed.windows())
            .build();
    if (!hours.equals(stored.getWorkingHours())) {
      patch.setWorkingHours(hours);
      mask.addPaths(HOURS);
    }
  }

  /** A whole number, or null (with a problem at the field) when it is not one. */
  private Integer whole(String field) {
    try {
      return Integer.parseInt(values.get(field));
    } catch (NumberFormatException e) {
      problem(field, "a whole number (0 = no cap)");
      return null;
    }
  }

  private List<String> tags(String field, Pattern shape, String shapeHint) {
    List<String> tags =
        Arrays.stream(values.get(field).split(","))
            .map(String::strip)
            .filter(t -> !t.isEmpty())
            .distinct()
            .toList();
    if (tags.size() > MAX_TAGS) {
      problem(field, "at most " + MAX_TAGS + " entries");
      return null;
    }
    for (String t : tags) {
      if (t.length() > MAX_TAG_LENGTH) {
        problem(field, "'" + t.substring(0, 20) + "…' is longer than " + MAX_TAG_LENGTH);
        return null;
      }
      if (shape != null && !shape.matcher(t).matches()) {
        problem(field, "'" + t + "' is not " + shapeHint);
        return null;
      }
    }
    return tags;
  }

  private void problem(String field, String description) {
    problems.computeIfAbsent(field, k -> new ArrayList<>()).add(description);
  }

  /**
   * Puts a violation routing-service reported (its path in UpdateRepRequest) at the form field that
   * produced it; a problem with a field this form does not edit is shown above the form.
   */
  public void serviceProblem(String path, String description) {
    String p = path == null ? "" : path;
    Matcher window = WINDOW_PATH.matcher(p);
    if (window.matches()) {
      int i = Integer.parseInt(window.group(1));
      String where = i < lineOfWindow.size() ? "line " + lineOfWindow.get(i) + ": " : "";
      problem(HOURS, where + description);
    } else if (p.equals("rep.capacity")) {
      // One violation for both caps: show it at the ones that break it.
      boolean any = false;
      for (String cap : List.of(MAX_OPEN, MAX_PER_DAY)) {
        if (values.get(cap).startsWith("-")) {
          problem(cap, description);
          any = true;
        }
      }
      if (!any) {
        problem(MAX_OPEN, description);
      }
    } else if (p.startsWith("rep.capacity.")) {
      problem(p.substring("rep.capacity.".length()), description);
    } else if (p.equals("rep.working_hours.time_zone")) {
      problem(HOURS_ZONE, description);
    } else if (p.startsWith("rep.working_hours")) {
      problem(HOURS, description);
    } else if (p.startsWith("rep.") && values.containsKey(p.substring(4))) {
      problem(p.substring(4), description);
    } else {
      general.add((p.isEmpty() ? "" : p + ": ") + description);
    }
  }

  /** A problem the service reported without a field (or a refusal) shown above the form. */
  public void generalProblem(String description) {
    general.add(description);
  }

  public boolean hasProblems() {
    return !problems.isEmpty() || !general.isEmpty();
  }

  /** True when the submitted form equals what is stored: there is nothing to send. */
  public boolean changesNothing() {
    return mask != null && mask.getPathsCount() == 0;
  }

  /** The one update that carries every change of the form. */
  public UpdateRepRequest request() {
    if (mask == null || hasProblems()) {
      throw new IllegalStateException("only a form read without problems becomes a request");
    }
    return UpdateRepRequest.newBuilder().setRep(patch).setUpdateMask(mask).build();
  }

  public String repId() {
    return stored.getRepId();
  }

  public List<String> general() {
    return List.copyOf(general);
  }

  public Map<String, List<String>> problems() {
    return Map.copyOf(problems);
  }

  /** The fields in form order, each with what was typed and its problems. */
  public List<Field> fields() {
    return FIELDS.stream()
        .map(
            f ->
                new Field(
                    f[0],
                    f[1],
                    f[2],
                    f[3],
                    values.get(f[0]),
                    problems.getOrDefault(f[0], List.of())))
        .toList();
  }
}
