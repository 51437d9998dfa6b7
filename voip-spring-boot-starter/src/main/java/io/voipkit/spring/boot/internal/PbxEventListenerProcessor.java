package io.voipkit.spring.boot.internal;

import io.voipkit.core.Pbx;
import io.voipkit.core.PbxRegistry;
import io.voipkit.core.event.PbxEvent;
import io.voipkit.core.internal.Checks;
import io.voipkit.spring.boot.PbxEventListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Subscribes every {@link PbxEventListener} method of every singleton bean once all singletons
 * exist (so before the connector connects the PBXs at context start, and no event is missed).
 * The subscriptions end when their PBX is closed.
 *
 * <p>Not thread-safe; Spring calls it once, on the thread that refreshes the context.
 */
public final class PbxEventListenerProcessor implements SmartInitializingSingleton, BeanFactoryAware {
    private final ObjectProvider<PbxRegistry> registry;
    private ConfigurableListableBeanFactory beanFactory;

    /** @param registry the PBXs to subscribe to (resolved late, when all singletons exist) */
    public PbxEventListenerProcessor(ObjectProvider<PbxRegistry> registry) {
        this.registry = Checks.notNull(registry, "registry");
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory f) {
            this.beanFactory = f;
        }
    }

    @Override
    public void afterSingletonsInstantiated() {
        PbxRegistry pbxs = registry.getIfAvailable();
        if (beanFactory == null || pbxs == null) {
            return;
        }
        for (String name : beanFactory.getBeanDefinitionNames()) {
            if (!beanFactory.isSingleton(name) || (beanFactory.containsBeanDefinition(name)
                    && beanFactory.getBeanDefinition(name).isLazyInit())) {
                continue;
            }
            Class<?> type = beanFactory.getType(name, false);
            if (type == null) {
                continue;
            }
            Map<Method, PbxEventListener> methods = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
                    (MethodIntrospector.MetadataLookup<PbxEventListener>) m ->
                            AnnotatedElementUtils.findMergedAnnotation(m, PbxEventListener.class));
            if (methods.isEmpty()) {
                continue;
            }
            Object bean = beanFactory.getBean(name);
            for (Map.Entry<Method, PbxEventListener> e : methods.entrySet()) {
                subscribe(pbxs, name, bean, e.getKey(), e.getValue());
            }
        }
    }

    private static void subscribe(PbxRegistry pbxs, String beanName, Object bean, Method method, PbxEventListener annotation) {
        String where = "@PbxEventListener " + beanName + "." + method.getName();
        Class<?>[] params = method.getParameterTypes();
        if (params.length != 1 || !PbxEvent.class.isAssignableFrom(params[0])) {
            throw new IllegalStateException(where + " must take exactly one parameter of a PbxEvent type, takes "
                    + Arrays.toString(params));
        }
        @SuppressWarnings("unchecked")
        Class<? extends PbxEvent> eventType = (Class<? extends PbxEvent>) params[0];
        List<Pbx> targets = new ArrayList<>();
        if (annotation.pbx().length == 0) {
            targets.addAll(pbxs.all());
        } else {
            for (String id : annotation.pbx()) {
                targets.add(pbxs.get(id).orElseThrow(() -> new IllegalStateException(where + " names PBX '" + id
                        + "', which is not configured; known: " + pbxs.ids())));
            }
        }
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(invocable);
        for (Pbx pbx : targets) {
            // The bus logs and counts a listener that throws, and keeps it subscribed.
            pbx.events().subscribe(eventType, event -> ReflectionUtils.invokeMethod(invocable, bean, event));
        }
    }
}
