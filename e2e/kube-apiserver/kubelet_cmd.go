package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	cadvisorapi "github.com/google/cadvisor/info/v1"
	noopoteltrace "go.opentelemetry.io/otel/trace/noop"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	clientset "k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/klog/v2"
	"k8s.io/mount-utils"

	remote "k8s.io/cri-client/pkg"
	kubeletapp "k8s.io/kubernetes/cmd/kubelet/app"
	"k8s.io/kubernetes/cmd/kubelet/app/options"
	"k8s.io/kubernetes/pkg/kubelet"
	kubeletconfig "k8s.io/kubernetes/pkg/kubelet/apis/config"
	cadvisortest "k8s.io/kubernetes/pkg/kubelet/cadvisor/testing"
	"k8s.io/kubernetes/pkg/kubelet/cm"
	containertest "k8s.io/kubernetes/pkg/kubelet/container/testing"
	kubetypes "k8s.io/kubernetes/pkg/kubelet/types"
	kubeletutil "k8s.io/kubernetes/pkg/kubelet/util"
	"k8s.io/kubernetes/pkg/util/oom"
	"k8s.io/kubernetes/pkg/volume"
	"k8s.io/kubernetes/pkg/volume/configmap"
	"k8s.io/kubernetes/pkg/volume/downwardapi"
	"k8s.io/kubernetes/pkg/volume/emptydir"
	"k8s.io/kubernetes/pkg/volume/projected"
	"k8s.io/kubernetes/pkg/volume/secret"
	"k8s.io/kubernetes/pkg/volume/util/hostutil"
	"k8s.io/kubernetes/pkg/volume/util/subpath"
)

// runKubelet runs a hollow kubelet in this process: the wiring of k8s.io/kubernetes
// pkg/kubemark/hollow_kubelet.go (v1.34.4) and cmd/kubemark/app/hollow_node.go, with two
// deliberate differences:
//
//   - Dependencies.ProbeManager is left nil, so the kubelet builds its real prober
//     (pkg/kubelet/kubelet.go: prober.NewManager). kubemark's probetest.FakeManager marks only
//     regular containers ready: a native sidecar would never be Ready and a startupProbe would
//     never run.
//   - Dependencies.Recorder is left nil, so RunKubelet builds the real event broadcaster and the
//     kubelet's events reach the API server (kubemark uses a FakeRecorder). The OOM watcher then
//     opens /dev/kmsg, which needs root (or a user namespace with KubeletInUserNamespace).
//
// The runtime and image services are the scripted CRI runtime (`harness cri`) on a unix socket, so
// the kubelet can be stopped and started while the containers keep their state.
func runKubelet(args []string) {
	fs := flag.NewFlagSet("kubelet", flag.ExitOnError)
	dir := fs.String("dir", "", "kubelet root directory (kept across restarts)")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig of the API server")
	name := fs.String("name", "sim-node-1", "node name")
	endpoint := fs.String("cri", "", "CRI endpoint, unix:///path")
	maxPods := fs.Int("max-pods", 250, "max pods")
	port := fs.Int("port", 0, "kubelet HTTPS port (0: none is served)")
	verbosity := fs.String("v", "2", "klog verbosity")
	_ = fs.Parse(args)

	klogFlags := flag.NewFlagSet("klog", flag.ExitOnError)
	klog.InitFlags(klogFlags)
	_ = klogFlags.Set("v", *verbosity)

	if err := hollowKubelet(*dir, *kubeconfig, *name, *endpoint, *maxPods, *port); err != nil {
		fmt.Fprintf(os.Stderr, "kubelet: %v\n", err)
		os.Exit(1)
	}
}

func hollowKubelet(dir, kubeconfig, name, endpoint string, maxPods, port int) error {
	ctx, cancel := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer cancel()

	clientConfig, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return err
	}
	clientConfig.UserAgent = "sidecarscope-hollow-kubelet"
	clientConfig.QPS = 200
	clientConfig.Burst = 400
	client, err := clientset.NewForConfig(clientConfig)
	if err != nil {
		return err
	}
	f, c, err := kubeletConfig(dir, name, endpoint, maxPods, port)
	if err != nil {
		return err
	}
	hb := *clientConfig
	hb.Timeout = c.NodeStatusUpdateFrequency.Duration
	hb.QPS = -1
	heartbeat, err := clientset.NewForConfig(&hb)
	if err != nil {
		return err
	}

	logger := klog.Background()
	runtimeService, err := remote.NewRemoteRuntimeService(endpoint, 15*time.Second, noopoteltrace.NewTracerProvider(), &logger)
	if err != nil {
		return fmt.Errorf("runtime service: %w", err)
	}
	imageService, err := remote.NewRemoteImageService(endpoint, 15*time.Second, noopoteltrace.NewTracerProvider(), &logger)
	if err != nil {
		return fmt.Errorf("image service: %w", err)
	}

	deps := &kubelet.Dependencies{
		KubeClient:                client,
		HeartbeatClient:           heartbeat,
		EventClient:               client.CoreV1(),
		RemoteRuntimeService:      runtimeService,
		RemoteImageService:        imageService,
		CAdvisorInterface:         bigMachine{&cadvisortest.Fake{NodeName: name}},
		OSInterface:               &containertest.FakeOS{},
		ContainerManager:          cm.NewStubContainerManager(),
		VolumePlugins:             volumePlugins(),
		OOMAdjuster:               oom.NewFakeOOMAdjuster(),
		Mounter:                   &mount.FakeMounter{},
		Subpather:                 &subpath.FakeSubpath{},
		HostUtil:                  hostutil.NewFakeHostUtil(nil),
		PodStartupLatencyTracker:  kubeletutil.NewPodStartupLatencyTracker(),
		NodeStartupLatencyTracker: kubeletutil.NewNodeStartupLatencyTracker(),
		TracerProvider:            noopoteltrace.NewTracerProvider(),
	}
	if err := kubeletapp.RunKubelet(ctx, &options.KubeletServer{KubeletFlags: *f, KubeletConfiguration: *c}, deps); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}

// bigMachine is kubemark's fake cAdvisor on a machine large enough for every scenario at once
// (the fake's 1 core turns most of them away with OutOfcpu).
type bigMachine struct{ *cadvisortest.Fake }

func (m bigMachine) MachineInfo() (*cadvisorapi.MachineInfo, error) {
	info, err := m.Fake.MachineInfo()
	if err != nil {
		return nil, err
	}
	info.NumCores = 64
	info.MemoryCapacity = 256 << 30
	return info, nil
}

func volumePlugins() []volume.VolumePlugin {
	var all []volume.VolumePlugin
	all = append(all, emptydir.ProbeVolumePlugins()...)
	all = append(all, secret.ProbeVolumePlugins()...)
	all = append(all, downwardapi.ProbeVolumePlugins()...)
	all = append(all, configmap.ProbeVolumePlugins()...)
	all = append(all, projected.ProbeVolumePlugins()...)
	return all
}

// kubeletConfig is kubemark.GetHollowKubeletConfig with a fixed root directory (so a restarted
// kubelet finds its checkpoints) and faster resyncs for short test scenarios.
func kubeletConfig(dir, name, endpoint string, maxPods, port int) (*options.KubeletFlags, *kubeletconfig.KubeletConfiguration, error) {
	root, err := filepath.Abs(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range []string{root, filepath.Join(root, "static-pods"), filepath.Join(root, "pod-logs")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, nil, err
		}
	}
	f := options.NewKubeletFlags()
	f.RootDirectory = root
	f.HostnameOverride = name
	f.MinimumGCAge = metav1.Duration{Duration: 1 * time.Minute}
	f.MaxContainerCount = 100
	f.MaxPerPodContainerCount = 2

	c, err := options.NewKubeletConfiguration()
	if err != nil {
		return nil, nil, err
	}
	c.ContainerRuntimeEndpoint = endpoint
	c.ImageServiceEndpoint = endpoint
	c.StaticPodURL = ""
	c.EnableServer = port > 0
	c.Address = "127.0.0.1"
	c.Port = int32(port)
	c.ReadOnlyPort = 0
	c.StaticPodPath = filepath.Join(root, "static-pods")
	c.FileCheckFrequency.Duration = 20 * time.Second
	c.HTTPCheckFrequency.Duration = 20 * time.Second
	c.NodeStatusUpdateFrequency.Duration = 10 * time.Second
	c.NodeStatusReportFrequency.Duration = 5 * time.Minute
	// The kubelet default (kubemark uses 10 s): how often a pod with nothing happening is synced.
	c.SyncFrequency.Duration = 1 * time.Minute
	c.EvictionPressureTransitionPeriod.Duration = 5 * time.Minute
	c.MaxPods = int32(maxPods)
	// A cluster DNS address (no DNS server answers: nothing resolves names here) spares every pod
	// the MissingClusterDNS warning a real cluster never shows.
	c.ClusterDNS = []string{"10.0.0.10"}
	c.ClusterDomain = "cluster.local"
	c.ImageGCHighThresholdPercent = 90
	c.ImageGCLowThresholdPercent = 80
	c.ProviderID = "sidecarscope://" + name
	c.VolumeStatsAggPeriod.Duration = time.Minute
	c.CgroupRoot = ""
	c.CPUCFSQuota = true
	c.EnableControllerAttachDetach = false
	c.EnableDebuggingHandlers = true
	c.CgroupsPerQOS = false
	c.HairpinMode = kubeletconfig.HairpinVeth
	c.MaxOpenFiles = 1024
	// Every scenario starts its pods on this one node at once: the default pull QPS (5, burst 10)
	// turns some pulls away with "pull QPS exceeded" (ImagePullBackOff), which no scenario means.
	c.RegistryBurst = 10
	c.RegistryPullQPS = 0
	c.ResolverConfig = kubetypes.ResolvConfDefault
	c.KubeletCgroups = "/kubelet"
	c.SerializeImagePulls = false
	c.SystemCgroups = ""
	c.ProtectKernelDefaults = false
	c.RegisterNode = true
	c.LocalStorageCapacityIsolation = true
	c.PodLogsDir = filepath.Join(root, "pod-logs")
	return f, c, nil
}
