package reports

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"rollout/internal/atomicfile"
)

// htmlChromeNames are the Chromium executables WritePNGs looks for in PATH, in order.
var htmlChromeNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// ErrNoChromium is returned (wrapped) by WritePNGs when no Chromium is installed.
var ErrNoChromium = errors.New("no Chromium found in PATH (looked for chromium, chromium-browser, google-chrome, google-chrome-stable); " +
	"install it, e.g. `apt-get install chromium` on Debian")

// FindChromium returns the path of a Chromium or Chrome executable in PATH, or an
// error wrapping ErrNoChromium.
func FindChromium() (string, error) {
	for _, name := range htmlChromeNames {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoChromium
}

// htmlBrowser starts a headless Chromium with a fresh profile and networking cut
// off (every host name resolves to nothing), and returns a tab context. cancel stops
// the browser and removes the profile.
func htmlBrowser(parent context.Context) (ctx context.Context, cancel func(), err error) {
	exe, err := FindChromium()
	if err != nil {
		return nil, nil, err
	}
	profile, err := os.MkdirTemp("", "rollout-chromium-")
	if err != nil {
		return nil, nil, err
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(parent,
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("hide-scrollbars", true),
		// No name resolves and no proxy is used: the report must need no network.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND"),
		chromedp.Flag("proxy-server", "127.0.0.1:9"),
		chromedp.WindowSize(1280, 900),
	)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx)
	cancel = func() {
		cancelTab()
		cancelAlloc()
		os.RemoveAll(profile)
	}
	return tabCtx, cancel, nil
}

// htmlFileURL is the file:// URL of a local path.
func htmlFileURL(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String(), nil
}

// htmlWaitReady waits until the page script has drawn its charts and returns how
// many it drew.
func htmlWaitReady(ctx context.Context) (int, error) {
	v, err := chromedp.Run(ctx, chromedp.Poll[string](
		`document.documentElement.getAttribute("data-charts-ready") || false`,
		chromedp.WithPollingInterval(20*time.Millisecond)))
	if err != nil {
		return 0, err
	}
	return strconv.Atoi(v)
}

// WritePNGs opens the HTML report at htmlPath in headless Chromium (no network)
// and writes every chart as DIR/<chart id>.png (e.g. users-by-state.png), drawn at
// twice the screen resolution on a white background. It fails with an error
// wrapping ErrNoChromium when no Chromium is installed.
func WritePNGs(htmlPath, dir string) error {
	if _, err := os.Stat(htmlPath); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	u, err := htmlFileURL(htmlPath)
	if err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("reports: %w", err)
	}
	ctx, cancel, err := htmlBrowser(context.Background())
	if err != nil {
		return fmt.Errorf("reports: PNG export: %w", err)
	}
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	if err := chromedp.Do(ctx, chromedp.Navigate(u)); err != nil {
		return fmt.Errorf("reports: PNG export: open %s: %w", htmlPath, err)
	}
	if _, err := htmlWaitReady(ctx); err != nil {
		return fmt.Errorf("reports: PNG export: charts not drawn: %w", err)
	}
	const grab = `Array.prototype.map.call(document.querySelectorAll("div.chart"), function (el) {
		var c = echarts.getInstanceByDom(el);
		return {id: el.id, url: c ? c.getDataURL({type: "png", pixelRatio: 2, backgroundColor: "#fff"}) : ""};
	})`
	images, err := chromedp.Run(ctx, chromedp.Evaluate[[]htmlPNG](grab))
	if err != nil {
		return fmt.Errorf("reports: PNG export: %w", err)
	}
	if len(images) == 0 {
		return errors.New("reports: PNG export: the report has no charts")
	}
	for _, im := range images {
		const prefix = "data:image/png;base64,"
		if !strings.HasPrefix(im.URL, prefix) {
			return fmt.Errorf("reports: PNG export: chart %s was not drawn", im.ID)
		}
		png, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(im.URL, prefix))
		if err != nil {
			return fmt.Errorf("reports: PNG export: chart %s: %w", im.ID, err)
		}
		if err := atomicfile.WriteFile(filepath.Join(dir, htmlSafeFileName(im.ID)+".png"), png); err != nil {
			return fmt.Errorf("reports: %w", err)
		}
	}
	return nil
}

// htmlPNG is one chart drawn by the browser, as a data: URL.
type htmlPNG struct {
	ID  string `json:"id"`
	URL string `json:"url"`
}

// htmlSafeFileName keeps letters, digits, '-' and '_' of a chart id.
func htmlSafeFileName(id string) string {
	var b strings.Builder
	for _, r := range id {
		if r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "chart"
	}
	return b.String()
}
