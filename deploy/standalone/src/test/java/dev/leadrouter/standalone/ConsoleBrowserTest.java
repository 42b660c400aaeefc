package dev.leadrouter.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.leadrouter.console.ConsoleVerticle;
import dev.leadrouter.runtime.testing.TestSettings;
import dev.leadrouter.v1.Assignment;
import dev.leadrouter.v1.CandidateEvaluation;
import dev.leadrouter.v1.GetAssignmentRequest;
import dev.leadrouter.v1.GetMatrixRequest;
import dev.leadrouter.v1.GetRepRequest;
import dev.leadrouter.v1.Lead;
import dev.leadrouter.v1.ListDeadLettersRequest;
import dev.leadrouter.v1.ListDeliveriesRequest;
import dev.leadrouter.v1.Location;
import dev.leadrouter.v1.MatrixFormat;
import dev.leadrouter.v1.NotifyServiceGrpcClient;
import dev.leadrouter.v1.PublishMatrixRequest;
import dev.leadrouter.v1.Rep;
import dev.leadrouter.v1.RepStatus;
import dev.leadrouter.v1.RouteRequest;
import dev.leadrouter.v1.RoutingServiceGrpcClient;
import dev.leadrouter.v1.SkipReason;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.ElementNotInteractableException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real browser (Debian's headless Chromium through the system
 * chromedriver) against the four real services and the console, one stack shared by every step:
 * sign in, see a posted lead arrive in the live feed with its why and trace, mark a rep out of
 * office and see the next lead skip them, publish a broken matrix and see the error at its line,
 * run a backtest, retry a dead letter, edit a rep's caps and hours (a refused value shown at its
 * field, nothing saved), find a rep's weights in the matrix, and, signed in with a read key, see
 * every page without a change control while forged changes are refused. Screenshots go to
 * target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final Path SHOTS = Path.of("target/console-screenshots");
  private static final AtomicInteger LEADS = new AtomicInteger();
  private static StackFixture fixture;
  private static Stack stack;
  private static ConsoleVerticle console;
  private static ChromeDriver browser;
  private static WebDriverWait waiting;
  private static String base;

  /** On a failure, what the browser showed: a screenshot and the page source. */
  @RegisterExtension
  static final AfterTestExecutionCallback EVIDENCE =
      context -> {
        if (context.getExecutionException().isPresent() && browser != null) {
          String name = "failed-" + context.getRequiredTestMethod().getName();
          screenshot(name);
          Files.writeString(SHOTS.resolve(name + ".html"), browser.getPageSource());
        }
      };

  @BeforeAll
  static void start() throws Exception {
    // One attempt per notification, so a mail server that is down dead-letters at once.
    fixture = new StackFixture(Map.of("NOTIFY_MAX_ATTEMPTS", "1"));
    stack = fixture.deployWithExamples();
    Map<String, String> settings =
        new HashMap<>(
            LocalPeers.console(
                stack.capture.grpcPort(),
                stack.routing.grpcPort(),
                stack.notify.grpcPort(),
                stack.sla.grpcPort()));
    settings.put("CONSOLE_HTTP_PORT", String.valueOf(StackFixture.freePort()));
    settings.put("CONSOLE_HOST", "127.0.0.1");
    settings.put("CONSOLE_SECURE_COOKIES", "false");
    console = new ConsoleVerticle(fixture.settings.with(settings));
    StackFixture.await(fixture.vertx.deployVerticle(console));
    base = "http://127.0.0.1:" + console.httpPort();

    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1440,1100");
    browser = new ChromeDriver(service, options);
    waiting = new WebDriverWait(browser, Duration.ofSeconds(30));
    // htmx replaces elements (outerHTML swaps, SSE rows): one found just before a swap goes stale.
    waiting.ignoring(StaleElementReferenceException.class);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.quit();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  @Order(1)
  void signInRefusesAWrongKeyThenKeepsTheRightOneInTheSession() throws Exception {
    browser.get(base + "/");
    assertThat(browser.getCurrentUrl()).endsWith("/sign-in");
    signIn("not-a-key-of-this-deployment", "Rita Ops");
    assertThat(waiting.until(visible(By.id("sign-in-problem"))).getText()).contains("not accepted");

    signIn(TestSettings.ADMIN_KEY, "Rita Ops");
    waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("feed-rows")));
    assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("Rita Ops");
    var cookie = browser.manage().getCookieNamed("leadrouter_console");
    assertThat(cookie.isHttpOnly()).isTrue();
    assertThat(cookie.getSameSite()).isEqualTo("Strict");
    assertThat(browser.getPageSource()).doesNotContain(TestSettings.ADMIN_KEY);
  }

  @Test
  @Order(2)
  void aPostedLeadAppearsInTheLiveFeedWithItsWhyAndTrace() throws Exception {
    browser.get(base + "/");
    waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("feed-rows")));
    String leadId = postLead("US");
    Assignment a = assignmentOf(leadId);
    // Pushed over server-sent events: the page is not reloaded.
    WebElement row = waiting.until(visible(By.id("a-" + a.getAssignmentId())));
    assertThat(row.findElement(By.cssSelector(".why")).getText()).isEqualTo(a.getReason());
    assertThat(row.findElement(By.cssSelector(".rule")).getText()).isEqualTo("north-america-leads");
    row.findElement(By.cssSelector(".why")).click();
    WebElement trace =
        waiting.until(visible(By.cssSelector("#a-" + a.getAssignmentId() + " .trace-body")));
    assertThat(trace.getText()).contains("Rules tried", "north-america-leads", "Reps considered");
    screenshot("feed");
  }

  @Test
  @Order(3)
  void aRepMarkedOutOfOfficeInTwoClicksIsSkippedByTheNextLead() throws Exception {
    browser.get(base + "/team");
    waiting.until(visible(By.id("rep-alice")));
    // Two clicks: open the menu, pick a period. The row is looked up again on each try, so a
    // page still settling (a stale row) is retried rather than failing the test.
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .ignoring(StaleElementReferenceException.class)
        .ignoring(ElementNotInteractableException.class)
        .until(
            d -> {
              WebElement alice = d.findElement(By.id("rep-alice"));
              WebElement menu = alice.findElement(By.cssSelector(".ooo-menu"));
              if (menu.getAttribute("open") == null) {
                menu.findElement(By.cssSelector("summary")).click();
              }
              alice.findElement(By.cssSelector(".ooo-choice[data-period='1d']")).click();
              return true;
            });
    // htmx swaps the whole row (outerHTML): a row found just before the swap goes stale.
    String row =
        waiting.until(
            d -> {
              WebElement alice = d.findElement(By.id("rep-alice"));
              return alice.getAttribute("class").contains("out") ? alice.getText() : null;
            });
    assertThat(row).contains("out of office");
    screenshot("team");

    for (int i = 0; i < 2; i++) {
      Assignment a = assignmentOf(postLead("US"));
      assertThat(a.getRepId()).isEqualTo("bob");
      CandidateEvaluation skipped =
          a.getTrace().getCandidatesList().stream()
              .filter(c -> c.getRepId().equals("alice"))
              .findFirst()
              .orElseThrow();
      assertThat(skipped.getSkipReason()).isEqualTo(SkipReason.SKIP_REASON_OUT_OF_OFFICE);
    }
  }

  @Test
  @Order(4)
  void aBrokenMatrixIsRefusedWithTheErrorAtItsLine() throws Exception {
    long before =
        fixture
            .call(
                "ROUTING",
                RoutingServiceGrpcClient.GetMatrix,
                GetMatrixRequest.getDefaultInstance())
            .getVersion();
    browser.get(base + "/matrix");
    WebElement editor = waiting.until(visible(By.id("matrix-source")));
    String broken =
        String.join(
            "\n",
            "queues:",
            "  - id: everyone",
            "    strategy: round_robin",
            "    members: [alice, bob]",
            "rules:",
            "  - id: us",
            "    priority: 10",
            "    when: lead.location.country_code == 'US'",
            "    queue: nowhere",
            "catch_all_queue: everyone",
            "");
    browser.executeScript("arguments[0].value = arguments[1];", editor, broken);
    browser.findElement(By.id("publish")).click();
    waiting.until(ExpectedConditions.alertIsPresent()).accept();
    WebElement errors = waiting.until(visible(By.id("matrix-errors")));
    assertThat(errors.findElement(By.cssSelector(".matrix-problem")).getText())
        .startsWith("line 9")
        .contains("rules[0].queue")
        .contains("nowhere");
    assertThat(browser.findElement(By.id("line-9")).getAttribute("class")).contains("has-error");
    browser.executeScript("arguments[0].scrollIntoView();", errors);
    screenshot("matrix-error");
    assertThat(
            fixture
                .call(
                    "ROUTING",
                    RoutingServiceGrpcClient.GetMatrix,
                    GetMatrixRequest.getDefaultInstance())
                .getVersion())
        .isEqualTo(before);
  }

  @Test
  @Order(5)
  void aBacktestShowsWhatADraftWouldChangeAndMovesNoTurn() throws Exception {
    // Five US leads in all: replayed into the two-rep EMEA queue, an odd number of turns, so a
    // turn the backtest really took would hand the next EMEA lead to the other rep.
    assignmentOf(postLead("US"));
    assignmentOf(postLead("US"));
    assertThat(usLeads).isEqualTo(5);
    String nextEmeaRep = simulate("DE");

    browser.get(base + "/backtest");
    WebElement editor = waiting.until(visible(By.id("backtest-source")));
    // The draft sends North American leads to the EMEA queue.
    String draft =
        editor.getAttribute("value").replace("    queue: north-america\n", "    queue: emea\n");
    assertThat(draft).contains("queue: emea");
    browser.executeScript("arguments[0].value = arguments[1];", editor, draft);
    WebElement days = browser.findElement(By.id("backtest-days"));
    days.clear();
    days.sendKeys("1");
    browser.findElement(By.id("run-backtest")).click();
    waiting.until(visible(By.id("backtest-summary")));
    assertThat(Integer.parseInt(browser.findElement(By.id("backtest-leads")).getText()))
        .isEqualTo(LEADS.get());
    // Every US lead so far changes queue and owner; no other lead does.
    assertThat(Integer.parseInt(browser.findElement(By.id("queue-changed")).getText()))
        .isEqualTo(usLeads);
    assertThat(Integer.parseInt(browser.findElement(By.id("owner-changed")).getText()))
        .isEqualTo(usLeads);
    browser.executeScript(
        "arguments[0].scrollIntoView();", browser.findElement(By.id("run-backtest")));
    screenshot("backtest");

    assertThat(simulate("DE")).isEqualTo(nextEmeaRep);
    assertThat(assignmentOf(postLead("DE")).getRepId()).isEqualTo(nextEmeaRep);
  }

  private static String simulate(String country) throws Exception {
    return fixture
        .call(
            "ROUTING",
            RoutingServiceGrpcClient.Simulate,
            RouteRequest.newBuilder()
                .setLead(
                    Lead.newBuilder().setLocation(Location.newBuilder().setCountryCode(country)))
                .build())
        .getAssignment()
        .getRepId();
  }

  @Test
  @Order(6)
  void aDeadLetterIsRetriedFromTheDeliveriesPage() throws Exception {
    int smtpPort = fixture.smtp.getSmtp().getPort();
    fixture.smtp.stop();
    String leadId = postLead("DE");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                fixture
                    .call(
                        "NOTIFY",
                        NotifyServiceGrpcClient.ListDeadLetters,
                        ListDeadLettersRequest.getDefaultInstance())
                    .getDeliveriesList()
                    .stream()
                    .anyMatch(d -> d.getLeadId().equals(leadId)));
    GreenMail smtp =
        new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    try {
      browser.get(base + "/deliveries");
      var dead =
          fixture
              .call(
                  "NOTIFY",
                  NotifyServiceGrpcClient.ListDeliveries,
                  ListDeliveriesRequest.newBuilder().setLeadId(leadId).build())
              .getDeliveriesList()
              .get(0);
      WebElement row = waiting.until(visible(By.id("d-" + dead.getDeliveryId())));
      assertThat(row.findElement(By.cssSelector(".error-text")).getText()).isNotBlank();
      screenshot("deliveries");
      row.findElement(By.cssSelector("button.retry")).click();
      waiting.until(
          ExpectedConditions.textToBePresentInElementLocated(
              By.cssSelector("#d-" + dead.getDeliveryId() + " .status"), "pending"));
      await().atMost(Duration.ofSeconds(30)).until(() -> smtp.getReceivedMessages().length >= 1);
    } finally {
      smtp.stop();
    }
  }

  @Test
  @Order(7)
  void theSpeedToLeadAndCatchAllPagesShowTheirFigures() throws Exception {
    browser.get(base + "/sla");
    waiting.until(visible(By.id("sla-chart")));
    assertThat(browser.findElement(By.cssSelector("table.report")).getText()).contains("bob");
    screenshot("sla");
    browser.get(base + "/catch-all");
    waiting.until(visible(By.id("csv")));
    assertThat(browser.getPageSource()).contains("leads reached the catch-all queue");
    screenshot("catch-all");
  }

  @Test
  @Order(8)
  void aRepsCapsAndHoursAreEditedAndARefusedValueShowsAtItsFieldWithNothingSaved()
      throws Exception {
    browser.get(base + "/team");
    waiting.until(visible(By.id("rep-chloe"))).findElement(By.cssSelector(".edit-rep")).click();
    waiting.until(visible(By.cssSelector("#rep-chloe form.rep-edit")));
    // One valid change (per-day cap) among three the service refuses: none of it may be stored.
    type("chloe-max_leads_per_day", "9");
    type("chloe-max_open_leads", "-1");
    type("chloe-time_zone", "Mars/Olympus");
    type("chloe-working_hours", "Mon-Fri 09:00-17:00\nSat 14:00-10:00");
    browser.findElement(By.cssSelector("#rep-chloe .save-rep")).click();
    waiting.until(visible(By.cssSelector("#rep-chloe [data-field='max_open_leads'] .field-error")));
    assertThat(fieldError("chloe", "max_open_leads")).contains("must not be negative");
    assertThat(fieldError("chloe", "time_zone")).contains("Mars/Olympus");
    assertThat(fieldError("chloe", "working_hours")).startsWith("line 2:").contains("after start");
    assertThat(
            browser.findElements(
                By.cssSelector("#rep-chloe [data-field='max_leads_per_day'] .field-error")))
        .isEmpty();
    // What was typed stays in the form to be corrected.
    assertThat(browser.findElement(By.id("chloe-max_leads_per_day")).getAttribute("value"))
        .isEqualTo("9");
    screenshot("team-edit-error");
    Rep stored = rep("chloe");
    assertThat(stored.getCapacity().getMaxLeadsPerDay()).isZero();
    assertThat(stored.getCapacity().getMaxOpenLeads()).isZero();
    assertThat(stored.getTimeZone()).isEqualTo("Europe/Paris");
    assertThat(stored.getWorkingHours().getWindowsCount()).isZero();

    type("chloe-max_open_leads", "4");
    type("chloe-time_zone", "Europe/Madrid");
    type("chloe-working_hours", "Mon-Fri 09:00-17:00\nSat 10:00-14:00");
    type("chloe-skills", "enterprise_deals, french");
    browser.findElement(By.cssSelector("#rep-chloe .save-rep")).click();
    waiting.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#rep-chloe .caps"), "4 open / 9 a day"));
    stored = rep("chloe");
    assertThat(stored.getCapacity().getMaxOpenLeads()).isEqualTo(4);
    assertThat(stored.getCapacity().getMaxLeadsPerDay()).isEqualTo(9);
    assertThat(stored.getTimeZone()).isEqualTo("Europe/Madrid");
    assertThat(stored.getWorkingHours().getWindowsCount()).isEqualTo(6);
    assertThat(stored.getSkillsList()).containsExactly("enterprise_deals", "french");
    // Seen again after a reload: saved, not only drawn.
    browser.get(base + "/team");
    WebElement row = waiting.until(visible(By.id("rep-chloe")));
    assertThat(row.getText())
        .contains("4 open / 9 a day", "Mon–Fri 09:00–17:00, Sat 10:00–14:00", "Europe/Madrid");
  }

  @Test
  @Order(9)
  void aRepsWeightsAreFoundAtTheirLineOfTheMatrixAndChangedByPublishing() throws Exception {
    String published =
        fixture
            .call(
                "ROUTING",
                RoutingServiceGrpcClient.GetMatrix,
                GetMatrixRequest.getDefaultInstance())
            .getSource();
    String weighted =
        published.replace(
            "    strategy: round_robin\n    members: [chloe, dmitri]\n",
            "    strategy: weighted\n    members: [{rep: chloe, weight: 3}, {rep: dmitri, weight: 1}]\n");
    assertThat(weighted).isNotEqualTo(published);
    fixture.call(
        "ROUTING",
        RoutingServiceGrpcClient.PublishMatrix,
        PublishMatrixRequest.newBuilder()
            .setFormat(MatrixFormat.MATRIX_FORMAT_YAML)
            .setSource(weighted)
            .setPublishedBy("console test")
            .build());
    browser.get(base + "/team");
    WebElement row = waiting.until(visible(By.id("rep-chloe")));
    assertThat(row.findElement(By.cssSelector(".queues")).getText()).contains("emea: weight 3");
    row.findElement(By.cssSelector("button.weights")).click();
    WebElement lines = waiting.until(visible(By.id("rep-lines")));
    int line =
        List.of(weighted.split("\n"))
                .indexOf("    members: [{rep: chloe, weight: 3}, {rep: dmitri, weight: 1}]")
            + 1;
    assertThat(lines.getText()).contains("line " + line + " (emea: weight 3)");
    WebElement editor = browser.findElement(By.id("matrix-source"));
    Object selected =
        browser.executeScript(
            "var e = arguments[0]; return e.value.substring(e.selectionStart, e.selectionEnd);",
            editor);
    assertThat(selected)
        .isEqualTo("    members: [{rep: chloe, weight: 3}, {rep: dmitri, weight: 1}]");
    screenshot("matrix-rep-weights");
    browser.executeScript(
        "arguments[0].value = arguments[1];",
        editor,
        weighted.replace("{rep: chloe, weight: 3}", "{rep: chloe, weight: 5}"));
    browser.findElement(By.id("publish")).click();
    waiting.until(ExpectedConditions.alertIsPresent()).accept();
    assertThat(waiting.until(visible(By.id("matrix-ok"))).getText())
        .contains("Published as version");
    browser.get(base + "/team");
    assertThat(waiting.until(visible(By.cssSelector("#rep-chloe .queues"))).getText())
        .contains("emea: weight 5");
  }

  @Test
  @Order(10)
  void aReadKeySeesEveryPageWithoutChangeControlsAndForgedChangesAreRefused() throws Exception {
    browser.get(base + "/");
    browser.findElement(By.cssSelector(".who button")).click();
    signIn(TestSettings.READ_KEY, "Rhea Reader");
    waiting.until(ExpectedConditions.presenceOfElementLocated(By.id("feed-rows")));
    assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("(read only)");
    for (String page :
        List.of("/", "/team", "/matrix", "/backtest", "/sla", "/catch-all", "/deliveries")) {
      browser.get(base + page);
      waiting.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main > *")));
      assertThat(browser.findElements(By.cssSelector(".problem")))
          .as("page %s loads for a read key", page)
          .isEmpty();
      assertThat(
              browser.findElements(
                  By.cssSelector(
                      ".ooo-menu, .edit-rep, button.weights, select[name=status], .back,"
                          + " #publish, #validate, .rollback, button.retry")))
          .as("change controls on %s", page)
          .isEmpty();
    }
    browser.get(base + "/team");
    assertThat(waiting.until(visible(By.id("rep-bob"))).getText()).contains("Bob Brown");
    screenshot("team-read-only");

    Rep bobBefore = rep("bob");
    long version =
        fixture
            .call(
                "ROUTING",
                RoutingServiceGrpcClient.GetMatrix,
                GetMatrixRequest.getDefaultInstance())
            .getVersion();
    // The page's own CSRF token, so only the session's read-only role can refuse these.
    assertThat(forgedPost("/team/status", "rep_id=bob&status=offline")).isEqualTo(403);
    assertThat(
            forgedPost(
                "/team/save",
                "rep_id=bob&max_open_leads=99&max_leads_per_day=99&time_zone=UTC"
                    + "&working_hours=&hours_time_zone=&skills=&languages=&products="))
        .isEqualTo(403);
    assertThat(forgedPost("/team/out-of-office", "rep_id=bob&period=1w")).isEqualTo(403);
    assertThat(forgedPost("/matrix/publish", "source=queues%3A%20%5B%5D")).isEqualTo(403);
    assertThat(forgedPost("/matrix/rollback", "version=1")).isEqualTo(403);
    assertThat(forgedPost("/deliveries/retry", "delivery_id=x")).isEqualTo(403);
    Rep bobAfter = rep("bob");
    assertThat(bobAfter).isEqualTo(bobBefore);
    assertThat(bobAfter.getStatus()).isNotEqualTo(RepStatus.REP_STATUS_OFFLINE);
    assertThat(
            fixture
                .call(
                    "ROUTING",
                    RoutingServiceGrpcClient.GetMatrix,
                    GetMatrixRequest.getDefaultInstance())
                .getVersion())
        .isEqualTo(version);
  }

  /** A POST from the signed-in page with its valid CSRF token; returns the HTTP status. */
  private static int forgedPost(String path, String form) {
    Object status =
        browser.executeAsyncScript(
            "var done = arguments[arguments.length - 1];"
                + "var token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRF-Token'];"
                + "fetch(arguments[0], {method: 'POST', credentials: 'same-origin', headers:"
                + " {'X-CSRF-Token': token, 'Content-Type': 'application/x-www-form-urlencoded'},"
                + " body: arguments[1]}).then(function (r) { done(r.status); },"
                + " function (e) { done(-1); });",
            path,
            form);
    return ((Number) status).intValue();
  }

  private static void type(String id, String text) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    browser.executeScript("arguments[0].value = arguments[1];", field, text);
  }

  private static String fieldError(String repId, String field) {
    return browser
        .findElement(By.cssSelector("#rep-" + repId + " [data-field='" + field + "'] .field-error"))
        .getText();
  }

  private static Rep rep(String repId) throws Exception {
    return fixture.call(
        "ROUTING",
        RoutingServiceGrpcClient.GetRep,
        GetRepRequest.newBuilder().setRepId(repId).build());
  }

  private static int usLeads;

  private static String postLead(String country) throws Exception {
    int n = LEADS.incrementAndGet();
    if (country.equals("US")) {
      usLeads++;
    }
    JsonObject lead =
        new JsonObject()
            .put(
                "contact",
                new JsonObject()
                    .put("firstName", "Lead")
                    .put("lastName", "Number" + n)
                    .put("email", "lead" + n + "@example.org"))
            .put("company", new JsonObject().put("name", "Company " + n))
            .put("location", new JsonObject().put("countryCode", country));
    var response =
        StackFixture.await(
            WebClient.create(fixture.vertx)
                .post(stack.capture.httpPort(), "127.0.0.1", "/v1/leads")
                .putHeader("Authorization", "Bearer " + TestSettings.CLIENT_KEY)
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(lead.encode())));
    assertThat(response.statusCode()).isBetween(200, 202);
    return response.bodyAsJsonObject().getString("lead_id");
  }

  private static Assignment assignmentOf(String leadId) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () ->
                fixture.call(
                    "ROUTING",
                    RoutingServiceGrpcClient.GetAssignment,
                    GetAssignmentRequest.newBuilder().setLeadId(leadId).build()),
            a -> a != null);
  }

  private static void signIn(String key, String name) {
    waiting.until(visible(By.id("api_key"))).sendKeys(key);
    browser.findElement(By.id("name")).sendKeys(name);
    browser.findElement(By.id("sign-in")).click();
  }

  private static org.openqa.selenium.support.ui.ExpectedCondition<WebElement> visible(By by) {
    return ExpectedConditions.visibilityOfElementLocated(by);
  }

  private static void screenshot(String name) throws Exception {
    File shot = browser.getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }
}
