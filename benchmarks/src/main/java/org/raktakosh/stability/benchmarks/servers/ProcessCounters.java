package org.raktakosh.stability.benchmarks.servers;

import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Prints two counters of a running JVM on one line, for {@code benchmarks/stack-wrk.sh}: the bytes
 * its threads have allocated on the heap since it started, and its CPU time in nanoseconds.
 *
 * <p>Bytes allocated per request hardly move from run to run (the same code allocates the same
 * objects), while time per request on a shared two-core machine moves by ±20 %: the allocation is
 * the overhead run's steady figure. Attaches with the Attach API (same user, local only) and reads
 * {@code ThreadMXBean.TotalThreadAllocatedBytes} (which counts threads that have ended too) and
 * {@code OperatingSystemMXBean.ProcessCpuTime} over the JVM's local management agent.
 *
 * <p>Argument: the process id.
 */
public final class ProcessCounters {

  private ProcessCounters() {}

  /** Prints {@code <allocated bytes> <cpu ns>}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ProcessCounters <pid>");
      System.exit(2);
    }
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    String address;
    try {
      address = vm.startLocalManagementAgent(); // the same agent again on later calls
    } finally {
      vm.detach();
    }
    try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = connector.getMBeanServerConnection();
      Object allocated =
          server.getAttribute(
              new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), "TotalThreadAllocatedBytes");
      Object cpu =
          server.getAttribute(
              new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME), "ProcessCpuTime");
      System.out.println(allocated + " " + cpu);
    }
  }
}
